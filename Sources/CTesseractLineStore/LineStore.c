#define _GNU_SOURCE
#include "CTesseractLineStore.h"
#include <dlfcn.h>
#include <stdatomic.h>
#include <leptonica/allheaders.h>

static atomic_int raw_on = 1;
static atomic_long raw_count = 0;

void dcm_line_store_set_raw(int on) { atomic_store(&raw_on, on ? 1 : 0); }
long dcm_line_store_raw_count(void) { return atomic_load(&raw_count); }

typedef l_ok (*write_mem_fn)(l_uint8 **, size_t *, PIX *, l_int32);

/// Leptonica's own pixWriteMem (the next definition after this executable's).
static write_mem_fn leptonica_write_mem(void) {
    static _Atomic(write_mem_fn) found = NULL;
    write_mem_fn f = atomic_load(&found);
    if (f == NULL) {
        f = (write_mem_fn)dlsym(RTLD_NEXT, "pixWriteMem");
        atomic_store(&found, f);
    }
    return f;
}

l_ok pixWriteMem(l_uint8 **pdata, size_t *psize, PIX *pix, l_int32 format) {
    // Only a PNG that stays in memory: nothing written here leaves the process, and
    // pixReadMem recognises the serialization by its "spix" tag.
    if (format == IFF_PNG && atomic_load(&raw_on) && pixWriteMemSpix(pdata, psize, pix) == 0) {
        atomic_fetch_add(&raw_count, 1);
        return 0;
    }
    write_mem_fn f = leptonica_write_mem();
    if (f == NULL) return 1;
    return f(pdata, psize, pix, format);
}
