// OpenJPEG glue: in-memory streams through OpenJPEG's callback interface.
#include "copenjpeg.h"
#include <openjpeg-2.5/openjpeg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const uint8_t *data; size_t len, pos; uint8_t *wdata; size_t wcap; } membuf;

static OPJ_SIZE_T mem_read(void *dst, OPJ_SIZE_T n, void *user) {
    membuf *m = user;
    if (m->pos >= m->len) return (OPJ_SIZE_T)-1;
    size_t k = m->len - m->pos < n ? m->len - m->pos : n;
    memcpy(dst, m->data + m->pos, k);
    m->pos += k;
    return k;
}
static OPJ_OFF_T mem_skip(OPJ_OFF_T n, void *user) {
    membuf *m = user;
    if (n < 0) { if ((size_t)(-n) > m->pos) n = -(OPJ_OFF_T)m->pos; }
    else if (m->wdata == NULL && m->pos + (size_t)n > m->len) n = (OPJ_OFF_T)(m->len - m->pos);
    m->pos += n;
    if (m->wdata && m->pos > m->len) m->len = m->pos;
    return n;
}
static OPJ_BOOL mem_seek(OPJ_OFF_T n, void *user) {
    membuf *m = user;
    if (n < 0 || (m->wdata == NULL && (size_t)n > m->len)) return OPJ_FALSE;
    m->pos = (size_t)n;
    return OPJ_TRUE;
}
static OPJ_SIZE_T mem_write(void *src, OPJ_SIZE_T n, void *user) {
    membuf *m = user;
    if (m->pos + n > m->wcap) {
        size_t cap = m->wcap ? m->wcap : 65536;
        while (cap < m->pos + n) cap *= 2;
        uint8_t *p = realloc(m->wdata, cap);
        if (!p) return (OPJ_SIZE_T)-1;
        m->wdata = p; m->wcap = cap;
    }
    memcpy(m->wdata + m->pos, src, n);
    m->pos += n;
    if (m->pos > m->len) m->len = m->pos;
    return n;
}

static void quiet(const char *msg, void *user) { (void)msg; (void)user; }
static void keep_error(const char *msg, void *user) {
    char *e = user;
    if (e && e[0] == 0) { snprintf(e, 200, "%s", msg); size_t l = strlen(e); if (l && e[l-1] == '\n') e[l-1] = 0; }
}

void copj_free(void *p) { free(p); }
void copj_free_image(copj_image *img) {
    if (img->image) opj_image_destroy(img->image);
    img->image = NULL;
}

void copj_store(const copj_image *img, uint8_t *dst, int bytes, uint32_t mask) {
    const opj_image_t *im = img->image;
    size_t n = (size_t)img->components, count = (size_t)img->width * img->height;
    for (size_t c = 0; c < n; c++) {
        const OPJ_INT32 *d = im->comps[c].data;
        uint8_t *o = dst + c * bytes;
        size_t step = n * bytes;
        switch (bytes) {
        case 1: for (size_t k = 0; k < count; k++, o += step) o[0] = (uint8_t)((uint32_t)d[k] & mask); break;
        case 2:
            for (size_t k = 0; k < count; k++, o += step) {
                uint32_t v = (uint32_t)d[k] & mask; o[0] = (uint8_t)v; o[1] = (uint8_t)(v >> 8);
            }
            break;
        default:
            for (size_t k = 0; k < count; k++, o += step) {
                uint32_t v = (uint32_t)d[k] & mask;
                for (int b = 0; b < bytes; b++) o[b] = b < 4 ? (uint8_t)(v >> (8 * b)) : 0;
            }
        }
    }
}

int copj_decode(const uint8_t *src, size_t len, copj_image *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    if (errlen) err[0] = 0;
    OPJ_CODEC_FORMAT fmt = (len >= 12 && src[4] == 'j' && src[5] == 'P') ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K;
    membuf m = { src, len, 0, NULL, 0 };
    opj_stream_t *s = opj_stream_create(1 << 16, OPJ_TRUE);
    opj_stream_set_user_data(s, &m, NULL);
    opj_stream_set_user_data_length(s, len);
    opj_stream_set_read_function(s, mem_read);
    opj_stream_set_skip_function(s, mem_skip);
    opj_stream_set_seek_function(s, mem_seek);
    opj_codec_t *c = opj_create_decompress(fmt);
    opj_set_info_handler(c, quiet, NULL);
    opj_set_warning_handler(c, quiet, NULL);
    opj_set_error_handler(c, keep_error, errlen >= 200 ? err : NULL);
    opj_dparameters_t p;
    opj_set_default_decoder_parameters(&p);
    opj_image_t *img = NULL;
    int rc = -1;
    if (!opj_setup_decoder(c, &p) || !opj_read_header(s, c, &img) || !opj_decode(c, s, img) ||
        !opj_end_decompress(c, s)) {
        if (errlen && err[0] == 0) snprintf(err, errlen, "JPEG 2000 decoding failed");
        goto done;
    }
    int n = (int)img->numcomps;
    if (n < 1 || n > 4) { snprintf(err, errlen, "unsupported number of components (%d)", n); goto done; }
    int w = (int)img->comps[0].w, h = (int)img->comps[0].h;
    for (int i = 1; i < n; i++) {
        if ((int)img->comps[i].w != w || (int)img->comps[i].h != h) {
            snprintf(err, errlen, "subsampled JPEG 2000 components are not supported"); goto done;
        }
    }
    for (int i = 0; i < n; i++) {
        if (!img->comps[i].data) { snprintf(err, errlen, "JPEG 2000 component %d has no samples", i); goto done; }
    }
    out->width = w; out->height = h; out->components = n;
    out->precision = (int)img->comps[0].prec; out->is_signed = (int)img->comps[0].sgnd;
    /* The samples stay in OpenJPEG's planes until stored in the caller's buffer: no
       int32 copy of a large frame. */
    out->image = img;
    img = NULL;
    rc = 0;
done:
    if (img) opj_image_destroy(img);
    opj_destroy_codec(c);
    opj_stream_destroy(s);
    return rc;
}

int copj_encode_lossless(const int32_t *samples, int width, int height, int components,
                         int precision, int is_signed, int mct, uint8_t **out, size_t *outlen,
                         char *err, size_t errlen) {
    if (errlen) err[0] = 0;
    opj_image_cmptparm_t cp[4];
    if (components < 1 || components > 4) { snprintf(err, errlen, "unsupported number of components"); return -1; }
    memset(cp, 0, sizeof cp);
    for (int i = 0; i < components; i++) {
        cp[i].dx = 1; cp[i].dy = 1; cp[i].w = (OPJ_UINT32)width; cp[i].h = (OPJ_UINT32)height;
        cp[i].prec = (OPJ_UINT32)precision; cp[i].sgnd = (OPJ_UINT32)is_signed;
    }
    opj_image_t *img = opj_image_create((OPJ_UINT32)components, cp,
                                        components == 3 ? OPJ_CLRSPC_SRGB : OPJ_CLRSPC_GRAY);
    if (!img) { snprintf(err, errlen, "out of memory"); return -1; }
    img->x0 = 0; img->y0 = 0; img->x1 = (OPJ_UINT32)width; img->y1 = (OPJ_UINT32)height;
    for (int i = 0; i < components; i++)
        for (size_t k = 0; k < (size_t)width * height; k++) img->comps[i].data[k] = samples[k * components + i];
    opj_cparameters_t p;
    opj_set_default_encoder_parameters(&p);
    p.tcp_numlayers = 1; p.tcp_rates[0] = 0; p.cp_disto_alloc = 1; p.irreversible = 0;
    p.tcp_mct = (char)(mct && components == 3 ? 1 : 0);
    while (p.numresolution > 1 && ((width >> (p.numresolution - 1)) < 1 || (height >> (p.numresolution - 1)) < 1)) p.numresolution--;
    opj_codec_t *c = opj_create_compress(OPJ_CODEC_J2K);
    opj_set_info_handler(c, quiet, NULL);
    opj_set_warning_handler(c, quiet, NULL);
    opj_set_error_handler(c, keep_error, errlen >= 200 ? err : NULL);
    membuf m = { NULL, 0, 0, NULL, 0 };
    opj_stream_t *s = opj_stream_create(1 << 16, OPJ_FALSE);
    opj_stream_set_user_data(s, &m, NULL);
    opj_stream_set_write_function(s, mem_write);
    opj_stream_set_skip_function(s, mem_skip);
    opj_stream_set_seek_function(s, mem_seek);
    int rc = -1;
    if (!opj_setup_encoder(c, &p, img) || !opj_start_compress(c, img, s) || !opj_encode(c, s) ||
        !opj_end_compress(c, s)) {
        if (errlen && err[0] == 0) snprintf(err, errlen, "JPEG 2000 encoding failed");
        free(m.wdata);
    } else {
        *out = m.wdata; *outlen = m.len; rc = 0;
    }
    opj_stream_destroy(s);
    opj_destroy_codec(c);
    opj_image_destroy(img);
    return rc;
}
