// DCMTK's 12-bit IJG library reports errors through error_exit, which must not return:
// it longjmps back here so that Swift gets an error code instead of an exit().
#include "cijg12.h"
#include "ijg12_abi.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fail {
    struct ijg_error_mgr pub;
    jmp_buf jump;
    char *msg;
    size_t msglen;
};

static void on_error(ijg_common_ptr cinfo) {
    struct fail *f = (struct fail *)cinfo->err;
    char buf[IJG_MSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, buf);
    if (f->msg && f->msglen) snprintf(f->msg, f->msglen, "%s", buf);
    longjmp(f->jump, 1);
}

static void on_message(ijg_common_ptr cinfo) { (void)cinfo; }

static void setup_errors(struct fail *f, char *err, size_t errlen) {
    jpeg12_std_error(&f->pub);
    f->pub.error_exit = on_error;
    f->pub.output_message = on_message;
    f->msg = err; f->msglen = errlen;
    if (err && errlen) err[0] = 0;
}

// In-memory source: the whole frame is one buffer; running out means a truncated frame,
// which gets a fake EOI so the library ends with a warning rather than reading past it.
static const unsigned char fake_eoi[2] = {0xFF, 0xD9};
static void src_init(struct ijg_decompress *d) { (void)d; }
static ijg_bool src_fill(struct ijg_decompress *d) {
    d->src->next_input_byte = fake_eoi;
    d->src->bytes_in_buffer = 2;
    return 1;
}
static void src_skip(struct ijg_decompress *d, long n) {
    if (n <= 0) return;
    struct ijg_source_mgr *s = d->src;
    if ((size_t)n > s->bytes_in_buffer) { src_fill(d); return; }
    s->next_input_byte += n;
    s->bytes_in_buffer -= (size_t)n;
}
static void src_term(struct ijg_decompress *d) { (void)d; }

static void memory_source(struct ijg_decompress *d, struct ijg_source_mgr *s, const uint8_t *src, size_t len) {
    s->next_input_byte = src;
    s->bytes_in_buffer = len;
    s->init_source = src_init;
    s->fill_input_buffer = src_fill;
    s->skip_input_data = src_skip;
    s->resync_to_restart = jpeg12_resync_to_restart;
    s->term_source = src_term;
    d->src = s;
}

// Growing in-memory destination.
struct mem_dest {
    struct ijg_destination_mgr pub;  // first, so the library's pointer is ours
    unsigned char *buf;
    size_t cap, len;
};
static void out_of_memory(struct ijg_compress *c) {
    struct fail *f = (struct fail *)c->err;
    if (f->msg && f->msglen) snprintf(f->msg, f->msglen, "out of memory");
    longjmp(f->jump, 1);
}
static void dst_init(struct ijg_compress *c) {
    struct mem_dest *m = (struct mem_dest *)c->dest;
    m->cap = 1 << 16;
    m->buf = malloc(m->cap);
    if (!m->buf) out_of_memory(c);
    m->pub.next_output_byte = m->buf;
    m->pub.free_in_buffer = m->cap;
}
// Called when the buffer is full.
static ijg_bool dst_empty(struct ijg_compress *c) {
    struct mem_dest *m = (struct mem_dest *)c->dest;
    size_t used = m->cap;
    unsigned char *nb = realloc(m->buf, m->cap * 2);
    if (!nb) out_of_memory(c);
    m->buf = nb;
    m->cap *= 2;
    m->pub.next_output_byte = m->buf + used;
    m->pub.free_in_buffer = m->cap - used;
    return 1;
}
static void dst_term(struct ijg_compress *c) {
    struct mem_dest *m = (struct mem_dest *)c->dest;
    m->len = m->cap - m->pub.free_in_buffer;
}

static void set_color(struct ijg_decompress *d, cijg12_color color) {
    if (d->num_components != 3) return;
    if (color == CIJG12_YCBCR) d->jpeg_color_space = IJG_CS_YCBCR;
    else if (color == CIJG12_RGB) d->jpeg_color_space = IJG_CS_RGB;
    else if (d->jpeg_color_space != IJG_CS_RGB) d->jpeg_color_space = IJG_CS_YCBCR;
}

void cijg12_free(void *p) { free(p); }

int cijg12_decode_le(const uint8_t *src, size_t len, cijg12_color color, uint8_t *dst, size_t size, int *width,
                     int *height, int *components, char *err, size_t errlen) {
    struct ijg_decompress d;
    struct ijg_source_mgr s;
    struct fail f;
    ijg_sample *volatile row = NULL;
    volatile int rc = -1;
    memset(&d, 0, sizeof d);
    setup_errors(&f, err, errlen);
    d.err = &f.pub;
    if (setjmp(f.jump)) {
        jpeg12_destroy_decompress(&d);
        free(row);
        return rc;
    }
    jpeg12_CreateDecompress(&d, IJG_LIB_VERSION, sizeof d);
    memory_source(&d, &s, src, len);
    jpeg12_read_header(&d, 1);
    if (d.data_precision != 12) {
        snprintf(err, errlen, "sample precision is %d bits, not 12", d.data_precision);
        longjmp(f.jump, 1);
    }
    if (d.num_components != 1 && d.num_components != 3) {
        snprintf(err, errlen, "%d components are not supported", d.num_components);
        longjmp(f.jump, 1);
    }
    set_color(&d, color);
    d.out_color_space = d.num_components == 3 ? IJG_CS_RGB : IJG_CS_GRAYSCALE;
    jpeg12_start_decompress(&d);
    int w = (int)d.output_width, h = (int)d.output_height, c = d.output_components;
    *width = w; *height = h; *components = c;
    size_t rowlen = (size_t)w * c;
    if (!dst || rowlen * h * 2 != size) { rc = -2; longjmp(f.jump, 1); }
    row = malloc(rowlen * sizeof(ijg_sample) + 1);
    if (!row) { snprintf(err, errlen, "out of memory"); longjmp(f.jump, 1); }
    while (d.output_scanline < d.output_height) {
        size_t y = d.output_scanline;
        ijg_row r = row;
        if (jpeg12_read_scanlines(&d, &r, 1) != 1) { snprintf(err, errlen, "no scanline %zu", y); longjmp(f.jump, 1); }
        uint8_t *o = dst + y * rowlen * 2;
        for (size_t i = 0; i < rowlen; i++) { o[2 * i] = (uint8_t)row[i]; o[2 * i + 1] = (uint8_t)((uint16_t)row[i] >> 8); }
    }
    jpeg12_finish_decompress(&d);
    jpeg12_destroy_decompress(&d);
    free(row);
    return 0;
}

static int marker_is(const ijg_marker *m, int code, const char *tag, size_t n) {
    return m->marker == code && m->data_length >= n && memcmp(m->data, tag, n) == 0;
}

// Quantized DC of a flat block at `level`, rounded away from the centre so that the
// extremes (0 and 4095) decode exactly after clamping.
static int flat_dc(int level, int q0) {
    int v = (level - 2048) * 8;
    return v >= 0 ? (v + q0 - 1) / q0 : -((-v + q0 - 1) / q0);
}

int cijg12_mask_blocks(const uint8_t *src, size_t len, cijg12_color color, const cijg12_rect *rects, int nrects,
                       int level, uint8_t **out, size_t *outlen, char *err, size_t errlen) {
    struct ijg_decompress in;
    struct ijg_compress dst;
    struct ijg_source_mgr s;
    struct mem_dest md;
    struct fail f;
    memset(&in, 0, sizeof in); memset(&dst, 0, sizeof dst); memset(&md, 0, sizeof md);
    setup_errors(&f, err, errlen);
    in.err = &f.pub;
    dst.err = &f.pub;
    if (setjmp(f.jump)) {
        jpeg12_destroy_compress(&dst);
        jpeg12_destroy_decompress(&in);
        free(md.buf);
        return -1;
    }
    if (level < 0) level = 0;
    if (level > 4095) level = 4095;
    jpeg12_CreateDecompress(&in, IJG_LIB_VERSION, sizeof in);
    jpeg12_CreateCompress(&dst, IJG_LIB_VERSION, sizeof dst);
    memory_source(&in, &s, src, len);
    jpeg12_save_markers(&in, IJG_MARKER_COM, 0xFFFF);
    for (int m = 0; m < 16; m++) jpeg12_save_markers(&in, IJG_MARKER_APP0 + m, 0xFFFF);
    jpeg12_read_header(&in, 1);
    if (in.data_precision != 12 || in.process == IJG_PROC_LOSSLESS) {
        snprintf(err, errlen, "not a 12-bit DCT image (precision %d)", in.data_precision);
        longjmp(f.jump, 1);
    }
    set_color(&in, color);
    int ycc = in.num_components == 3 && in.jpeg_color_space == IJG_CS_YCBCR;
    ijg_virt_barray_ptr *coef = jpeg12_read_coefficients(&in);
    int maxh = in.max_h_samp_factor, maxv = in.max_v_samp_factor;
    for (int ci = 0; ci < in.num_components; ci++) {
        ijg_component *comp = &in.comp_info[ci];
        ijg_quant_tbl *q = comp->quant_table;
        if (!q && comp->quant_tbl_no >= 0 && comp->quant_tbl_no < 4) q = in.quant_tbl_ptrs[comp->quant_tbl_no];
        int q0 = q && q->quantval[0] ? q->quantval[0] : 1;
        int dc = flat_dc((ycc && ci > 0) ? 2048 : level, q0);
        // Pixels per block in this component, in full-resolution pixel units.
        int bw = 8 * maxh / comp->h_samp_factor, bh = 8 * maxv / comp->v_samp_factor;
        for (int r = 0; r < nrects; r++) {
            cijg12_rect rc = rects[r];
            if (rc.w <= 0 || rc.h <= 0) continue;
            int bx0 = rc.x / bw, by0 = rc.y / bh;
            int bx1 = (rc.x + rc.w - 1) / bw, by1 = (rc.y + rc.h - 1) / bh;
            if (bx0 < 0) bx0 = 0;
            if (by0 < 0) by0 = 0;
            if (bx1 >= (int)comp->width_in_blocks) bx1 = (int)comp->width_in_blocks - 1;
            if (by1 >= (int)comp->height_in_blocks) by1 = (int)comp->height_in_blocks - 1;
            for (int by = by0; by <= by1; by++) {
                ijg_block_array rows = (*in.mem->access_virt_barray)((ijg_common_ptr)&in, coef[ci], (ijg_dim)by, 1, 1);
                for (int bx = bx0; bx <= bx1; bx++) {
                    ijg_coef *blk = rows[0][bx];
                    memset(blk, 0, sizeof(ijg_block));
                    blk[0] = (ijg_coef)dc;
                }
            }
        }
    }
    md.pub.init_destination = dst_init;
    md.pub.empty_output_buffer = dst_empty;
    md.pub.term_destination = dst_term;
    dst.dest = &md.pub;
    jpeg12_copy_critical_parameters(&in, &dst);
    // The standard Huffman tables only cover 8-bit coefficient ranges.
    dst.optimize_coding = 1;
    jpeg12_write_coefficients(&dst, coef);
    for (ijg_marker *m = in.marker_list; m; m = m->next) {
        if (dst.write_jfif_header && marker_is(m, IJG_MARKER_APP0, "JFIF", 5)) continue;
        if (dst.write_adobe_marker && marker_is(m, IJG_MARKER_APP0 + 14, "Adobe", 5)) continue;
        jpeg12_write_marker(&dst, m->marker, m->data, m->data_length);
    }
    jpeg12_finish_compress(&dst);
    jpeg12_finish_decompress(&in);
    jpeg12_destroy_compress(&dst);
    jpeg12_destroy_decompress(&in);
    *out = md.buf; *outlen = md.len;
    return 0;
}
