#ifndef CJPEG_H
#define CJPEG_H
#include <stddef.h>
#include <stdint.h>

/// A rectangle in pixel coordinates (x, y: top left; w, h: size).
typedef struct { int x, y, w, h; } cjpeg_rect;

/// Decodes one 8-bit JPEG (baseline or extended) image to luminance, one byte per pixel.
/// On success returns 0, sets *out (free with cjpeg_free), *width and *height.
/// On failure returns -1 and writes a message into err (size errlen). Damaged data that
/// libjpeg reads anyway (it fills what is missing) succeeds with *warnings > 0 and the
/// first warning in err.
int cjpeg_decode_gray(const uint8_t *src, size_t len, uint8_t **out, int *width, int *height,
                      int *components, int *warnings, char *err, size_t errlen);

/// Masks rectangles in the DCT domain: every coefficient block that touches a rectangle
/// is set to a flat block of the given level (0-255) in each component (chroma of YCbCr
/// images becomes neutral); all other blocks keep their quantized coefficients, so the
/// rest of the image decodes exactly as before. Markers (APPn, COM) are kept.
/// Returns 0 and a malloc'd *out of *outlen bytes, or -1 with a message.
int cjpeg_mask_blocks(const uint8_t *src, size_t len, const cjpeg_rect *rects, int nrects,
                      int level, uint8_t **out, size_t *outlen, char *err, size_t errlen);

void cjpeg_free(void *p);
#endif
