#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "CSystemShims.h"

int dcm_rename_noreplace(const char *from, const char *to) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1 /* RENAME_NOREPLACE */);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int dcm_open_unnamed(const char *dir, int mode) {
#ifdef O_TMPFILE
    return open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, (mode_t)mode);
#else
    (void)dir; (void)mode;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

int dcm_link_unnamed(int fd, const char *to) {
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    return linkat(AT_FDCWD, path, AT_FDCWD, to, AT_SYMLINK_FOLLOW);
}

int dcm_die_with_parent(int sig, pid_t expected) {
    if (prctl(PR_SET_PDEATHSIG, sig) != 0) return 0;   /* not fatal: only a safety net */
    /* The parent may have died before the request: then nobody will send the signal. */
    return getppid() == expected ? 0 : -1;
}

/* Two buffers, so that a handler never sees a path half copied: the writer fills the one
   not in use, then publishes its index. */
static char temp_paths[2][4096];
static volatile sig_atomic_t temp_index = -1;
static volatile long counts[3];
static char program_name[64] = "dcm";

static size_t put_long(char *p, long v) {
    char digits[24];
    size_t n = 0, i;
    if (v < 0) v = 0;
    do { digits[n++] = (char)('0' + v % 10); v /= 10; } while (v > 0 && n < sizeof digits);
    for (i = 0; i < n; i++) p[i] = digits[n - 1 - i];
    return n;
}

static void put_text(char *line, size_t *len, size_t cap, const char *s) {
    size_t n = strlen(s);
    if (*len + n > cap) n = cap - *len;
    memcpy(line + *len, s, n);
    *len += n;
}

static void on_interrupt(int sig) {
    int saved = errno;
    sig_atomic_t i = temp_index;
    if (i == 0 || i == 1) unlink(temp_paths[i]);
    char line[256];
    size_t len = 0;
    put_text(line, &len, sizeof line - 72, program_name);
    put_text(line, &len, sizeof line - 72, ": interrupted: ");
    len += put_long(line + len, counts[0]);
    put_text(line, &len, sizeof line, " records in, ");
    len += put_long(line + len, counts[1]);
    put_text(line, &len, sizeof line, " written, ");
    len += put_long(line + len, counts[2]);
    put_text(line, &len, sizeof line, " failed\n");
    ssize_t ignored = write(2, line, len);
    (void)ignored;
    signal(sig, SIG_DFL);
    errno = saved;
    raise(sig);
}

static void handle(int sig, void (*handler)(int), const char *program) {
    strncpy(program_name, program, sizeof program_name - 1);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

/* Copies `path` into the buffer not in use, then publishes its index (-1: none). */
static void publish_path(char paths[2][4096], volatile sig_atomic_t *index, const char *path) {
    if (path == NULL || strlen(path) >= sizeof paths[0]) { *index = -1; return; }
    int next = *index == 0 ? 1 : 0;
    strcpy(paths[next], path);
    *index = next;
}

void dcm_interrupt_install(const char *program) {
    handle(SIGINT, on_interrupt, program);
    handle(SIGTERM, on_interrupt, program);
    handle(SIGHUP, on_interrupt, program);
}

void dcm_interrupt_set_temp(const char *path) {
    publish_path(temp_paths, &temp_index, path);
}

void dcm_interrupt_set_counts(long records, long written, long failed) {
    counts[0] = records; counts[1] = written; counts[2] = failed;
}

/* The input file a fault (SIGBUS: a mapped file that shrank under us) is blamed on; two
   buffers, as for the temporary file. */
static char input_paths[2][4096];
static volatile sig_atomic_t input_index = -1;

static void on_fault(int sig) {
    (void)sig;
    char line[4352];
    size_t len = 0;
    put_text(line, &len, sizeof line, program_name);
    put_text(line, &len, sizeof line, ": ");
    sig_atomic_t i = input_index;
    if (i == 0 || i == 1) {
        put_text(line, &len, sizeof line - 80, input_paths[i]);
        put_text(line, &len, sizeof line, ": ");
    }
    put_text(line, &len, sizeof line, "the file changed while it was read (bus error); stopping\n");
    ssize_t ignored = write(2, line, len);
    (void)ignored;
    _exit(2);
}

void dcm_fault_install(const char *program) {
    handle(SIGBUS, on_fault, program);
}

void dcm_fault_set_input(const char *path) {
    publish_path(input_paths, &input_index, path);
}

void dcm_interrupt_hold(int hold) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

static pid_t forward_pids[64];
static volatile sig_atomic_t forward_count = 0;
static volatile sig_atomic_t forwarded = 0;

static void on_forward(int sig) {
    int saved = errno;
    forwarded = sig;
    for (int i = 0; i < forward_count; i++) if (forward_pids[i] > 0) kill(forward_pids[i], sig);
    errno = saved;
}

void dcm_forward_signals(const pid_t *pids, int count) {
    if (count > 64) count = 64;
    forward_count = 0;
    for (int i = 0; i < count; i++) forward_pids[i] = pids[i];
    forward_count = count;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_forward;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

int dcm_forwarded_signal(void) { return forwarded; }

long dcm_splice_file_to_pipe(int in, long long *offset, int out, unsigned long len) {
    loff_t off = (loff_t)*offset;
    ssize_t n = splice(in, &off, out, NULL, len, SPLICE_F_MOVE | SPLICE_F_MORE);
    if (n > 0) *offset = (long long)off;
    return (long)n;
}

long dcm_splice_stream(int in, int out, unsigned long len) {
    ssize_t n = splice(in, NULL, out, NULL, len, SPLICE_F_MOVE | SPLICE_F_MORE);
    return (long)n;
}
