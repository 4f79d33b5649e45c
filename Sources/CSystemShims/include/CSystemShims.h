#ifndef DCM_CSYSTEMSHIMS_H
#define DCM_CSYSTEMSHIMS_H
/// Renames `from` to `to` only if `to` does not exist (Linux renameat2 RENAME_NOREPLACE).
/// Returns 0, or -1 with errno set (EEXIST when `to` exists; ENOSYS/EINVAL when the
/// kernel or file system lacks it, so the caller can fall back to link+unlink).
int dcm_rename_noreplace(const char *from, const char *to);
#endif
