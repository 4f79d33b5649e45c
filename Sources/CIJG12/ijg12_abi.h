// The parts of DCMTK's 12-bit IJG library interface (libijg12: IJG 6b with the lossless
// extension, BITS_IN_JSAMPLE 12, entry points renamed jpeg12_*) that cijg12.c uses.
// Debian ships the library without its headers, so the layout is declared here. The
// library rejects a master struct of the wrong size on creation (it expects 624 bytes for
// decompression, 512 for compression on LP64); the static asserts keep this declaration
// at those sizes and at the offsets cijg12.c relies on.
#ifndef IJG12_ABI_H
#define IJG12_ABI_H
#include <stddef.h>

typedef int ijg_bool;
typedef short ijg_sample;          // JSAMPLE at 12 bits
typedef short ijg_coef;            // JCOEF
typedef unsigned int ijg_dim;      // JDIMENSION
typedef ijg_sample *ijg_row;
typedef ijg_coef ijg_block[64];
typedef ijg_block *ijg_block_row;
typedef ijg_block_row *ijg_block_array;
typedef struct ijg_virt_barray *ijg_virt_barray_ptr;

enum { IJG_CS_UNKNOWN, IJG_CS_GRAYSCALE, IJG_CS_RGB, IJG_CS_YCBCR };
enum { IJG_PROC_SEQUENTIAL, IJG_PROC_PROGRESSIVE, IJG_PROC_LOSSLESS };
enum { IJG_MARKER_COM = 0xFE, IJG_MARKER_APP0 = 0xE0 };
#define IJG_LIB_VERSION 62
#define IJG_MSG_LENGTH_MAX 200

struct ijg_common;
typedef struct ijg_common *ijg_common_ptr;
struct ijg_decompress;
struct ijg_compress;

typedef struct {
    unsigned short quantval[64];   // natural order
    ijg_bool sent_table;
} ijg_quant_tbl;

typedef struct {
    int component_id, component_index, h_samp_factor, v_samp_factor, quant_tbl_no;
    int dc_tbl_no, ac_tbl_no;
    ijg_dim width_in_blocks, height_in_blocks;
    int codec_data_unit;
    ijg_dim downsampled_width, downsampled_height;
    ijg_bool component_needed;
    int mcu_width, mcu_height, mcu_blocks, mcu_sample_width, last_col_width, last_row_height;
    ijg_quant_tbl *quant_table;
    void *dct_table;
} ijg_component;

typedef struct ijg_marker {
    struct ijg_marker *next;
    unsigned char marker;
    unsigned int original_length, data_length;
    unsigned char *data;
} ijg_marker;

struct ijg_error_mgr {
    void (*error_exit)(ijg_common_ptr);
    void (*emit_message)(ijg_common_ptr, int);
    void (*output_message)(ijg_common_ptr);
    void (*format_message)(ijg_common_ptr, char *);
    void (*reset_error_mgr)(ijg_common_ptr);
    int msg_code;
    union { int i[8]; char s[80]; } msg_parm;
    int trace_level;
    long num_warnings;
    const char *const *message_table;
    int last_message;
    const char *const *addon_message_table;
    int first_addon_message, last_addon_message;
};

struct ijg_memory_mgr {
    void *(*alloc_small)(ijg_common_ptr, int, size_t);
    void *(*alloc_large)(ijg_common_ptr, int, size_t);
    void *alloc_sarray, *alloc_barray, *alloc_darray;  // (unused here)
    void *request_virt_sarray, *request_virt_barray, *realize_virt_arrays, *access_virt_sarray;
    ijg_block_array (*access_virt_barray)(ijg_common_ptr, ijg_virt_barray_ptr, ijg_dim start, ijg_dim rows, ijg_bool writable);
    // further members unused
};

struct ijg_source_mgr {
    const unsigned char *next_input_byte;
    size_t bytes_in_buffer;
    void (*init_source)(struct ijg_decompress *);
    ijg_bool (*fill_input_buffer)(struct ijg_decompress *);
    void (*skip_input_data)(struct ijg_decompress *, long);
    ijg_bool (*resync_to_restart)(struct ijg_decompress *, int);
    void (*term_source)(struct ijg_decompress *);
};

struct ijg_destination_mgr {
    unsigned char *next_output_byte;
    size_t free_in_buffer;
    void (*init_destination)(struct ijg_compress *);
    ijg_bool (*empty_output_buffer)(struct ijg_compress *);
    void (*term_destination)(struct ijg_compress *);
};

#define IJG_COMMON \
    struct ijg_error_mgr *err; \
    struct ijg_memory_mgr *mem; \
    void *progress; \
    void *client_data; \
    ijg_bool is_decompressor; \
    int global_state

struct ijg_common { IJG_COMMON; };

struct ijg_decompress {
    IJG_COMMON;
    struct ijg_source_mgr *src;
    ijg_dim image_width, image_height;
    int num_components;
    int jpeg_color_space;
    int out_color_space;
    unsigned int scale_num, scale_denom;
    double output_gamma;
    ijg_bool buffered_image, raw_data_out;
    int dct_method;
    ijg_bool do_fancy_upsampling, do_block_smoothing, quantize_colors;
    int dither_mode;
    ijg_bool two_pass_quantize;
    int desired_number_of_colors;
    ijg_bool enable_1pass_quant, enable_external_quant, enable_2pass_quant;
    ijg_dim output_width, output_height;
    int out_color_components, output_components, rec_outbuf_height, actual_number_of_colors;
    void *colormap;
    ijg_dim output_scanline;
    int input_scan_number;
    ijg_dim input_imcu_row;
    int output_scan_number;
    ijg_dim output_imcu_row;
    void *coef_bits;
    ijg_quant_tbl *quant_tbl_ptrs[4];
    void *dc_huff_tbl_ptrs[4], *ac_huff_tbl_ptrs[4];
    int data_precision;
    ijg_component *comp_info;
    ijg_bool arith_code;
    unsigned char arith_tables[48];
    unsigned int restart_interval;
    ijg_bool saw_jfif_marker;
    unsigned char jfif_major, jfif_minor, density_unit;
    unsigned short x_density, y_density;
    ijg_bool saw_adobe_marker;
    unsigned char adobe_transform;
    ijg_bool ccir601_sampling;
    ijg_marker *marker_list;
    int data_unit;
    int process;
    int max_h_samp_factor, max_v_samp_factor;
    // Private to the library from here on.
    unsigned char internal[624 - 416];
};

struct ijg_compress {
    IJG_COMMON;
    struct ijg_destination_mgr *dest;
    ijg_dim image_width, image_height;
    int input_components, in_color_space;
    double input_gamma;
    ijg_bool lossless;
    int data_precision, num_components, jpeg_color_space;
    ijg_component *comp_info;
    ijg_quant_tbl *quant_tbl_ptrs[4];
    void *dc_huff_tbl_ptrs[4], *ac_huff_tbl_ptrs[4];
    unsigned char arith_tables[48];
    int num_scans;
    const void *scan_info;
    ijg_bool raw_data_in, arith_code, optimize_coding, ccir601_sampling;
    int smoothing_factor, dct_method;
    unsigned int restart_interval;
    int restart_in_rows;
    ijg_bool write_jfif_header;
    unsigned char jfif_major, jfif_minor, density_unit;
    unsigned short x_density, y_density;
    ijg_bool write_adobe_marker;
    // Private to the library from here on.
    unsigned char internal[512 - 304];
};

_Static_assert(sizeof(struct ijg_error_mgr) == 168, "jpeg_error_mgr layout");
_Static_assert(sizeof(ijg_component) == 96, "jpeg_component_info layout");
_Static_assert(sizeof(ijg_marker) == 32, "jpeg_marker_struct layout");
_Static_assert(offsetof(struct ijg_memory_mgr, access_virt_barray) == 72, "jpeg_memory_mgr layout");
_Static_assert(offsetof(struct ijg_decompress, output_width) == 136, "decompress layout");
_Static_assert(offsetof(struct ijg_decompress, quant_tbl_ptrs) == 200, "decompress layout");
_Static_assert(offsetof(struct ijg_decompress, data_precision) == 296, "decompress layout");
_Static_assert(offsetof(struct ijg_decompress, marker_list) == 392, "decompress layout");
_Static_assert(offsetof(struct ijg_decompress, max_v_samp_factor) == 412, "decompress layout");
_Static_assert(sizeof(struct ijg_decompress) == 624, "jpeg_decompress_struct size");
_Static_assert(offsetof(struct ijg_compress, optimize_coding) == 264, "compress layout");
_Static_assert(offsetof(struct ijg_compress, write_adobe_marker) == 300, "compress layout");
_Static_assert(sizeof(struct ijg_compress) == 512, "jpeg_compress_struct size");

struct ijg_error_mgr *jpeg12_std_error(struct ijg_error_mgr *);
void jpeg12_CreateDecompress(struct ijg_decompress *, int version, size_t structsize);
void jpeg12_CreateCompress(struct ijg_compress *, int version, size_t structsize);
void jpeg12_destroy_decompress(struct ijg_decompress *);
void jpeg12_destroy_compress(struct ijg_compress *);
void jpeg12_save_markers(struct ijg_decompress *, int marker, unsigned int length_limit);
int jpeg12_read_header(struct ijg_decompress *, ijg_bool require_image);
ijg_bool jpeg12_start_decompress(struct ijg_decompress *);
ijg_dim jpeg12_read_scanlines(struct ijg_decompress *, ijg_row *rows, ijg_dim max_lines);
ijg_bool jpeg12_finish_decompress(struct ijg_decompress *);
ijg_bool jpeg12_resync_to_restart(struct ijg_decompress *, int desired);
ijg_virt_barray_ptr *jpeg12_read_coefficients(struct ijg_decompress *);
void jpeg12_copy_critical_parameters(struct ijg_decompress *, struct ijg_compress *);
void jpeg12_write_coefficients(struct ijg_compress *, ijg_virt_barray_ptr *);
void jpeg12_write_marker(struct ijg_compress *, int marker, const unsigned char *data, unsigned int len);
void jpeg12_finish_compress(struct ijg_compress *);
#endif
