"""What the benchmarks share: timing one command."""
import os, subprocess, sys, time


def timed_detail(cmd, cwd=None):
    """Wall seconds, user and system CPU seconds, and max RSS (KiB) of one run of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err[-3000:]}")
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss


def timed(cmd, cwd=None):
    """Wall seconds, CPU seconds (user+sys) and max RSS (KiB) of one run of `cmd`."""
    wall, user, system, rss = timed_detail(cmd, cwd)
    return wall, user + system, rss
