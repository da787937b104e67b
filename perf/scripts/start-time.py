#!/usr/bin/env python3
# Start time of a flagless `./ringcast serve`: seconds from the JVM's start (the banner's "up in N ms" subtracted from
# when it arrived) and from spawning the launcher, to the first 200 from /healthz on port 8080; N runs, one after
# another, then median and range. Usage: perf/scripts/start-time.py ROOT N LABEL   (ROOT: a checkout with its jar built)
import subprocess, sys, time, urllib.request, os, signal, statistics, re, threading
root, n, label = sys.argv[1], int(sys.argv[2]), sys.argv[3]
spawn, jvm = [], []
for i in range(n):
    load = os.getloadavg()[0]
    t0 = time.time()
    p = subprocess.Popen(["./ringcast", "serve"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         env={k: v for k, v in os.environ.items() if not k.startswith("RINGCAST_")})
    banner = {}
    def read():
        for line in p.stdout:
            m = re.search(rb"up in (\d+) ms", line)
            if m and "t" not in banner:
                banner["t"] = time.time(); banner["up"] = int(m.group(1)) / 1000.0
    th = threading.Thread(target=read); th.start()
    t200 = None
    while time.time() - t0 < 180:
        try:
            if urllib.request.urlopen("http://127.0.0.1:8080/healthz", timeout=2).status == 200:
                t200 = time.time()
                break
        except Exception:
            time.sleep(0.01)
    time.sleep(0.3)
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=60); th.join()
    jvm_start = banner["t"] - banner["up"]
    spawn.append(t200 - t0); jvm.append(t200 - jvm_start)
    print(f"{label} run {i+1}: JVM start to 200 {t200-jvm_start:.2f} s, launcher start to 200 {t200-t0:.2f} s "
          f"(banner: up in {banner['up']*1000:.0f} ms), load1 {load:.2f}", flush=True)
    time.sleep(2)
for name, v in (("JVM start", jvm), ("launcher start", spawn)):
    s = sorted(v)
    print(f"{label}: {name} to first 200: median {statistics.median(s):.2f} s, range {s[0]:.2f}-{s[-1]:.2f} s")
