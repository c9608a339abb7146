"""What the benchmarks share: timing one command."""
import os, subprocess, sys, tempfile, time


def timed_detail(cmd, cwd=None, env=None):
    """Wall seconds, user and system CPU seconds, and max RSS (KiB) of one run of `cmd`
    (with `env` as its environment when given)."""
    # stderr goes to a file: a pipe read only after the end would block a command that
    # writes more than the pipe holds (`check` on a big corpus prints thousands of warnings).
    with tempfile.TemporaryFile() as errfile:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errfile)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        errfile.seek(0)
        err = errfile.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err[-3000:]}")
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss


def timed(cmd, cwd=None):
    """Wall seconds, CPU seconds (user+sys) and max RSS (KiB) of one run of `cmd`."""
    wall, user, system, rss = timed_detail(cmd, cwd)
    return wall, user + system, rss
