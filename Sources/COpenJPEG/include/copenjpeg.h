#ifndef COPENJPEG_H
#define COPENJPEG_H
#include <stddef.h>
#include <stdint.h>

/// A decoded JPEG 2000 image, its samples held by OpenJPEG (one int32 plane per
/// component) until stored (`copj_store`) and released (`copj_free_image`).
typedef struct {
    int width, height, components, precision, is_signed;
    void *image; /* the opj_image_t */
} copj_image;

/// Decodes a J2K codestream (or a JP2 file). 0 on success, -1 with a message in err.
/// Components subsampled relative to the first are rejected.
int copj_decode(const uint8_t *src, size_t len, copj_image *out, char *err, size_t errlen);

/// Writes the samples pixel-interleaved into `dst` as little-endian words of `bytes`
/// bytes (bytes past the fourth zero), each the sample's bits under `mask`: dst holds
/// width * height * components * bytes bytes.
void copj_store(const copj_image *img, uint8_t *dst, int bytes, uint32_t mask);

/// Encodes pixel-interleaved samples losslessly (reversible 5/3 wavelet; with
/// `mct` set and 3 components, the reversible colour transform) as a J2K codestream.
int copj_encode_lossless(const int32_t *samples, int width, int height, int components,
                         int precision, int is_signed, int mct, uint8_t **out, size_t *outlen,
                         char *err, size_t errlen);

void copj_free_image(copj_image *img);
void copj_free(void *p);
#endif
