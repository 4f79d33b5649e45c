#ifndef DCM_CTESSERACTLINESTORE_H
#define DCM_CTESSERACTLINESTORE_H

/// Tesseract keeps each text line it recognizes as an image encoded in memory
/// (ImageData::SetPixInternal writes it with leptonica's pixWriteMem as PNG) and decodes it
/// straight back before the network reads it: a zlib deflate and inflate per line, about 4%
/// of the pixel stage's CPU. This target defines pixWriteMem in the executable, so
/// libtesseract's calls resolve to it; a PNG asked for in memory is written instead in
/// leptonica's own uncompressed serialization (SPIX), which pixReadMem reads back into the
/// same image. Every other format, and a failed serialization, goes to leptonica.

/// Whether PNGs in memory are written uncompressed (1, the default) or by leptonica (0).
void dcm_line_store_set_raw(int on);
/// How many in-memory PNGs have been written uncompressed in this process (tests use it to
/// see that Tesseract's calls reached this definition).
long dcm_line_store_raw_count(void);

#endif
