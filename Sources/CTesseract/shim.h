#include <tesseract/capi.h>
#include <leptonica/allheaders.h>
/* Tesseract is built with OpenMP here; its threads fight each other on few cores, so
   each OCR thread limits itself to one (see NOTES: OMP_THREAD_LIMIT=1). */
extern void omp_set_num_threads(int);
