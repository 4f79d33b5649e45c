#ifndef CIJG12_H
#define CIJG12_H
#include <stddef.h>
#include <stdint.h>

/// A rectangle in pixel coordinates (x, y: top left; w, h: size).
typedef struct { int x, y, w, h; } cijg12_rect;

/// How the three components of a colour image are coded: as the library guesses from
/// the markers, YCbCr, or RGB (no colour transform).
typedef enum { CIJG12_GUESS = 0, CIJG12_YCBCR = 1, CIJG12_RGB = 2 } cijg12_color;

/// Decodes one 12-bit DCT JPEG image (sequential or progressive, 1 or 3 components)
/// through DCMTK's libijg12 into `dst`, samples interleaved as little-endian 16-bit words;
/// colour images come back as RGB. Returns 0 and sets *width, *height and *components;
/// -2 with those set when the image does not fill exactly the `size` bytes of dst; or -1
/// with a message in err (size errlen).
int cijg12_decode_le(const uint8_t *src, size_t len, cijg12_color color, uint8_t *dst, size_t size, int *width,
                     int *height, int *components, char *err, size_t errlen);

/// Masks rectangles in the DCT domain: every coefficient block touching a rectangle
/// becomes a flat block of `level` (0-4095) in each component (chroma of YCbCr images
/// becomes neutral); all other blocks keep their quantized coefficients, so the rest of
/// the image decodes exactly as before. APPn and COM markers are kept; Huffman tables
/// are rebuilt for the new coefficients.
/// Returns 0 and a malloc'd *out of *outlen bytes, or -1 with a message.
int cijg12_mask_blocks(const uint8_t *src, size_t len, cijg12_color color, const cijg12_rect *rects, int nrects,
                       int level, uint8_t **out, size_t *outlen, char *err, size_t errlen);

void cijg12_free(void *p);
#endif
