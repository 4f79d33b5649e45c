// libjpeg glue: libjpeg reports errors through longjmp, which Swift cannot catch.
#include "cjpeg.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

struct err_mgr {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char *msg;
    size_t msglen;
};

static void on_error(j_common_ptr cinfo) {
    struct err_mgr *e = (struct err_mgr *)cinfo->err;
    char buf[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, buf);
    if (e->msg && e->msglen) snprintf(e->msg, e->msglen, "%s", buf);
    longjmp(e->jump, 1);
}

// Warnings (corrupt or short entropy-coded data) do not stop decoding: the first one is
// kept in the message buffer, and num_warnings counts them.
static void on_message(j_common_ptr cinfo) {
    struct err_mgr *e = (struct err_mgr *)cinfo->err;
    char buf[JMSG_LENGTH_MAX];
    if (!e->msg || !e->msglen || e->msg[0] != 0) return;
    (*cinfo->err->format_message)(cinfo, buf);
    snprintf(e->msg, e->msglen, "%s", buf);
}

void cjpeg_free(void *p) { free(p); }

int cjpeg_decode_gray(const uint8_t *src, size_t len, uint8_t **out, int *width, int *height,
                      int *components, int *warnings, char *err, size_t errlen) {
    struct jpeg_decompress_struct cinfo;
    struct err_mgr jerr;
    uint8_t *volatile buf = NULL;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&jerr.pub);
    jerr.pub.error_exit = on_error;
    jerr.pub.output_message = on_message;
    jerr.msg = err; jerr.msglen = errlen;
    if (errlen) err[0] = 0;
    *warnings = 0;
    if (setjmp(jerr.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(buf);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, src, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    *components = cinfo.num_components;
    // DICOM says how the components are coded; libjpeg guesses from markers. Luminance is
    // what OCR needs: Y for YCbCr, a weighted sum for RGB.
    if (cinfo.num_components == 3 && cinfo.jpeg_color_space != JCS_RGB &&
        cinfo.jpeg_color_space != JCS_YCbCr) cinfo.jpeg_color_space = JCS_YCbCr;
    if (cinfo.num_components == 1 || cinfo.num_components == 3) cinfo.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&cinfo);
    int w = (int)cinfo.output_width, h = (int)cinfo.output_height, c = cinfo.output_components;
    buf = malloc((size_t)w * h * c + 1);
    if (!buf) { snprintf(err, errlen, "out of memory"); jpeg_destroy_decompress(&cinfo); return -1; }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = buf + (size_t)cinfo.output_scanline * w * c;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    *warnings = (int)jerr.pub.num_warnings;
    jpeg_destroy_decompress(&cinfo);
    if (c != 1) { // keep the first channel only
        for (size_t i = 0; i < (size_t)w * h; i++) buf[i] = buf[i * c];
    }
    *out = buf; *width = w; *height = h;
    return 0;
}

static int marker_is(jpeg_saved_marker_ptr m, int code, const char *tag, size_t n) {
    return m->marker == code && m->data_length >= n && memcmp(m->data, tag, n) == 0;
}

int cjpeg_mask_blocks(const uint8_t *src, size_t len, const cjpeg_rect *rects, int nrects,
                      int level, uint8_t **out, size_t *outlen, char *err, size_t errlen) {
    struct jpeg_decompress_struct in;
    struct jpeg_compress_struct dst;
    struct err_mgr jerr;
    unsigned char *volatile obuf = NULL;
    unsigned long osize = 0;
    memset(&in, 0, sizeof in); memset(&dst, 0, sizeof dst);
    in.err = jpeg_std_error(&jerr.pub);
    dst.err = &jerr.pub;
    jerr.pub.error_exit = on_error;
    jerr.pub.output_message = on_message;
    jerr.msg = err; jerr.msglen = errlen;
    if (setjmp(jerr.jump)) {
        jpeg_destroy_compress(&dst);
        jpeg_destroy_decompress(&in);
        free(obuf);
        return -1;
    }
    jpeg_create_decompress(&in);
    jpeg_create_compress(&dst);
    jpeg_mem_src(&in, src, (unsigned long)len);
    jpeg_save_markers(&in, JPEG_COM, 0xFFFF);
    for (int m = 0; m < 16; m++) jpeg_save_markers(&in, JPEG_APP0 + m, 0xFFFF);
    jpeg_read_header(&in, TRUE);
    int ycc = in.num_components == 3 && in.jpeg_color_space != JCS_RGB;
    jvirt_barray_ptr *coef = jpeg_read_coefficients(&in);
    int maxh = in.max_h_samp_factor, maxv = in.max_v_samp_factor;
    for (int ci = 0; ci < in.num_components; ci++) {
        jpeg_component_info *comp = &in.comp_info[ci];
        JQUANT_TBL *q = comp->quant_table;
        if (!q) q = in.quant_tbl_ptrs[comp->quant_tbl_no];
        int q0 = q && q->quantval[0] ? q->quantval[0] : 1;
        int lvl = (ycc && ci > 0) ? 128 : level;
        // DC of a flat block: 8 * (level - 128), quantized.
        int v = (lvl - 128) * 8;
        int dc = v >= 0 ? (v + q0 / 2) / q0 : -((-v + q0 / 2) / q0);
        // Pixels per block in this component, in full-resolution pixel units.
        int bw = 8 * maxh / comp->h_samp_factor, bh = 8 * maxv / comp->v_samp_factor;
        for (int r = 0; r < nrects; r++) {
            cjpeg_rect rc = rects[r];
            if (rc.w <= 0 || rc.h <= 0) continue;
            int bx0 = rc.x / bw, by0 = rc.y / bh;
            int bx1 = (rc.x + rc.w - 1) / bw, by1 = (rc.y + rc.h - 1) / bh;
            if (bx0 < 0) bx0 = 0;
            if (by0 < 0) by0 = 0;
            if (bx1 >= (int)comp->width_in_blocks) bx1 = (int)comp->width_in_blocks - 1;
            if (by1 >= (int)comp->height_in_blocks) by1 = (int)comp->height_in_blocks - 1;
            for (int by = by0; by <= by1; by++) {
                JBLOCKARRAY rows = (*in.mem->access_virt_barray)((j_common_ptr)&in, coef[ci], by, 1, TRUE);
                for (int bx = bx0; bx <= bx1; bx++) {
                    JCOEF *blk = rows[0][bx];
                    memset(blk, 0, sizeof(JCOEF) * DCTSIZE2);
                    blk[0] = (JCOEF)dc;
                }
            }
        }
    }
    jpeg_mem_dest(&dst, (unsigned char **)&obuf, &osize);
    jpeg_copy_critical_parameters(&in, &dst);
    jpeg_write_coefficients(&dst, coef);
    for (jpeg_saved_marker_ptr m = in.marker_list; m; m = m->next) {
        if (dst.write_JFIF_header && marker_is(m, JPEG_APP0, "JFIF", 5)) continue;
        if (dst.write_Adobe_marker && marker_is(m, JPEG_APP0 + 14, "Adobe", 5)) continue;
        jpeg_write_marker(&dst, m->marker, m->data, m->data_length);
    }
    jpeg_finish_compress(&dst);
    jpeg_finish_decompress(&in);
    jpeg_destroy_compress(&dst);
    jpeg_destroy_decompress(&in);
    *out = obuf; *outlen = osize;
    return 0;
}
