#!/usr/bin/env python3
"""Run a peer de-identifier over a folder, one file at a time, in one process.

    peer-run.py PEER IN_DIR OUT_DIR [PAIRS]   (run with the python of ../shared/peers' venv)

Same default settings as ../shared/peers/run.sh, but a file the peer cannot handle is
counted and skipped instead of ending the run (dicognito and deid stop at the first
unreadable file of a folder, Presidio at the first file without pixel data), and outputs
keep the input's relative folders (deid writes every file flat into one folder, so files
with the same name overwrite each other). So every peer processes the same files ours does.
  dicognito  Anonymizer() with default settings, one instance for the run (consistent
             pseudonyms), output named by the new SOP Instance UID (as --output-directory)
  deid       get_identifiers + replace_identifiers with the default recipe (as `deid
             identifiers --action all`)
  presidio   DicomImageRedactorEngine.redact_from_file, fill "contrast", use_metadata, with
             the no_op NLP engine (as run.sh); files without pixel data are copied unchanged
Prints "processed N, failed M" on standard error. With PAIRS, writes a line "input<TAB>output"
per processed file, for bench/peer-mapping.py (mapping files are built afterwards, untimed).
"""
import os
import shutil
import sys
import warnings

warnings.filterwarnings('ignore')


def files(root):
    for r, dirs, names in os.walk(root):
        dirs.sort()
        for n in sorted(names):
            yield os.path.join(r, n)


ONE = None


def _init(peer, dst):
    """Sets up the peer in the worker process."""
    global ONE
    ONE = make_peer(peer, dst)


def _one(path, out_dir):
    return ONE(path, out_dir)


def make_peer(peer, dst):
    import pydicom
    if peer == 'dicognito':
        from dicognito.anonymizer import Anonymizer
        anonymizer = Anonymizer()

        def one(path, out_dir):
            with pydicom.dcmread(path, force=False) as ds:
                anonymizer.anonymize(ds)
                out = os.path.join(dst, str(ds.SOPInstanceUID) + '.dcm')
                ds.save_as(out)
                return out
    elif peer == 'deid':
        from deid.dicom.header import get_identifiers, replace_identifiers

        def one(path, out_dir):
            ids = get_identifiers([path])
            replace_identifiers(dicom_files=[path], ids=ids, deid=None, overwrite=True,
                                output_folder=out_dir, save=True)
            return os.path.join(out_dir, os.path.basename(path))
    elif peer == 'presidio':
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_image_redactor import DicomImageRedactorEngine, ImageAnalyzerEngine
        nlp = NlpEngineProvider(nlp_configuration={
            'nlp_engine_name': 'no_op', 'models': [{'lang_code': 'en', 'model_name': 'no_op'}]}).create_engine()
        engine = DicomImageRedactorEngine(image_analyzer_engine=ImageAnalyzerEngine(
            analyzer_engine=AnalyzerEngine(nlp_engine=nlp, supported_languages=['en'])))

        def one(path, out_dir):
            try:
                engine.redact_from_file(path, out_dir, fill='contrast', use_metadata=True, verbose=False)
                return os.path.join(out_dir, os.path.basename(path))
            except Exception:
                # As in its folder mode: the copy stays, unredacted.
                dest = os.path.join(out_dir, os.path.basename(path))
                if not os.path.exists(dest):
                    shutil.copyfile(path, dest)
                raise
    else:
        raise SystemExit(f'unknown peer {peer}')
    return one


def main():
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    peer, src, dst = sys.argv[1:4]
    os.makedirs(dst, exist_ok=True)
    # One worker process, replaced when a library aborts the process (Presidio's pixel
    # decoders do on some files): the file counts as failed and the run goes on.
    def worker():
        return ProcessPoolExecutor(max_workers=1, initializer=_init, initargs=(peer, dst))
    pool = worker()
    pairs = open(sys.argv[4], 'w') if len(sys.argv) > 4 else None
    done = failed = crashed = 0
    for path in files(src):
        out_dir = os.path.join(dst, os.path.relpath(os.path.dirname(path), src))
        os.makedirs(out_dir, exist_ok=True)
        try:
            out = pool.submit(_one, path, out_dir).result()
            done += 1
            if pairs:
                pairs.write(f'{path}\t{out}\n')
        except BrokenProcessPool:
            failed += 1
            crashed += 1
            print(f'{path}: the peer crashed', file=sys.stderr)
            pool = worker()
        except Exception as e:  # noqa: BLE001 - a peer failing on one file must not end the run
            failed += 1
            print(f'{path}: {type(e).__name__}', file=sys.stderr)
            # A copy the peer left unchanged (Presidio) is still one of its outputs.
            copy = os.path.join(out_dir, os.path.basename(path))
            if pairs and peer == 'presidio' and os.path.exists(copy):
                pairs.write(f'{path}\t{copy}\n')
    pool.shutdown()
    if pairs:
        pairs.close()
    print(f'{peer}: processed {done}, failed {failed} (crashed on {crashed})', file=sys.stderr)


if __name__ == '__main__':
    main()
