// LLVMFuzzerRunDriver is declared only (include/CFuzzerDriver.h); libFuzzer defines it.
#define _GNU_SOURCE
#include <sys/mman.h>
#include "CFuzzerDriver.h"

int fuzz_memory_file(const char *name) { return memfd_create(name, MFD_CLOEXEC); }
