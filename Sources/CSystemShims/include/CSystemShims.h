#ifndef DCM_CSYSTEMSHIMS_H
#define DCM_CSYSTEMSHIMS_H
#include <sys/types.h>

/// Renames `from` to `to` only if `to` does not exist (Linux renameat2 RENAME_NOREPLACE).
/// Returns 0, or -1 with errno set (EEXIST when `to` exists; ENOSYS/EINVAL when the
/// kernel or file system lacks it, so the caller can fall back to link+unlink).
int dcm_rename_noreplace(const char *from, const char *to);

/// Opens an unnamed file in directory `dir` for reading and writing (Linux O_TMPFILE) with
/// permission bits `mode` (less the umask): it has no name until dcm_link_unnamed gives it
/// one, and vanishes if the process ends first. Returns the descriptor, or -1 with errno set
/// (EOPNOTSUPP, EISDIR or EINVAL where the kernel or file system lacks O_TMPFILE, so the
/// caller can fall back to a named temporary file).
int dcm_open_unnamed(const char *dir, int mode);
/// Gives the unnamed file open on `fd` the name `to`, failing with EEXIST when `to` exists
/// (linkat through /proc/self/fd, which needs no privilege). Returns 0, or -1 with errno set.
int dcm_link_unnamed(int fd, const char *to);

/// Asks the kernel to send `sig` to this process when its parent dies (PR_SET_PDEATHSIG),
/// then checks that the parent `expected` is still there. Returns 0, or -1 when the parent
/// has already gone (the caller should exit).
int dcm_die_with_parent(int sig, pid_t expected);

/// Clean-up on INT, TERM and HUP, done inside the signal handler with async-signal-safe
/// calls only: the temporary file named last by dcm_interrupt_set_temp is unlinked, the
/// line "PROGRAM: interrupted: R records in, W written, F failed" is written to standard
/// error, and the signal is raised again with its default action (so the exit status says
/// which signal ended the process).
void dcm_interrupt_install(const char *program);
/// The temporary file to remove if a signal arrives now (NULL: none). Paths longer than
/// 4095 bytes are not recorded.
void dcm_interrupt_set_temp(const char *path);
/// The counts the interrupted line reports.
void dcm_interrupt_set_counts(long records, long written, long failed);
/// From now on a bus error (a mapped input file that shrank while it was read) writes
/// "PROGRAM: PATH: the file changed while it was read (bus error); stopping" naming the file
/// last given to dcm_fault_set_input, and exits with status 2 instead of crashing.
void dcm_fault_install(const char *program);
/// The input file a bus error is blamed on (NULL: none).
void dcm_fault_set_input(const char *path);
/// Nonzero: INT, TERM and HUP wait (blocked in the calling thread) until called again with
/// 0, so that a file's rename and the counts that say it was written happen together.
void dcm_interrupt_hold(int hold);

/// From now on INT, TERM and HUP received by this process are sent on to the `count`
/// children in `pids` (at most 64) instead of ending it, so that it can wait for them.
void dcm_forward_signals(const pid_t *pids, int count);
/// The last signal forwarded, or 0.
int dcm_forwarded_signal(void);

/// Moves up to `len` bytes from file `in` at `*offset` (advanced) into the pipe `out`
/// without copying them through user space (Linux splice(2)). Returns the bytes moved, 0 at
/// the end of the file, or -1 with errno set (EINVAL when the file system or the output
/// does not support it, so the caller can fall back to read and write).
long dcm_splice_file_to_pipe(int in, long long *offset, int out, unsigned long len);

/// Moves up to `len` bytes from `in` to `out` at their current positions, one of them a
/// pipe (Linux splice(2)): a pipe's pages pass to another pipe by reference, into a file with
/// one copy inside the kernel. Returns the bytes moved, 0 when `in` is at its end, or -1 with
/// errno set (EINVAL when neither is a pipe or a file system does not support it).
long dcm_splice_stream(int in, int out, unsigned long len);
#endif
