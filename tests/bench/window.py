#!/usr/bin/env python3
"""One start of a desktop app under the current X display, measured: milliseconds from launch to
its window mapped, and to a pixel of the page at (X, Y) turning the expected colour (the first
page painted); then the proportional set size (PSS) of the app and every process it started
(WebKitWebProcess, WebKitNetworkProcess) after SETTLE seconds. Prints one JSON object.

With a second pixel (X2 Y2 RRGGBB2), also the time until it shows (for Allybook: the book's page,
after the frame).

Usage: window.py X Y RRGGBB SETTLE [X2 Y2 RRGGBB2] -- COMMAND [ARGS...]
Reads pixels with libX11 through ctypes (no extra packages)."""
import ctypes
import ctypes.util
import json
import os
import signal
import subprocess
import sys
import time

x, y, colour, settle = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
dash = sys.argv.index("--")
cmd = sys.argv[dash + 1 :]
rgb = lambda c: tuple(int(c[i : i + 2], 16) for i in (0, 2, 4))
want = rgb(colour)
then = None
if dash == 8:
    then = (int(sys.argv[5]), int(sys.argv[6]), rgb(sys.argv[7]))

x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11"))
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XDefaultRootWindow.restype = ctypes.c_ulong
x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x11.XGetImage.restype = ctypes.c_void_p
x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                          ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
x11.XGetPixel.restype = ctypes.c_ulong
x11.XGetPixel.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
x11.XDestroyImage.argtypes = [ctypes.c_void_p]
x11.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                           ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                           ctypes.POINTER(ctypes.c_uint)]
x11.XFree.argtypes = [ctypes.c_void_p]

class Attrs(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("border_width", ctypes.c_int), ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
                ("root", ctypes.c_ulong), ("c_class", ctypes.c_int), ("bit_gravity", ctypes.c_int),
                ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int),
                ("backing_planes", ctypes.c_ulong), ("backing_pixel", ctypes.c_ulong),
                ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong),
                ("map_installed", ctypes.c_int), ("map_state", ctypes.c_int),
                ("all_event_masks", ctypes.c_long), ("your_event_mask", ctypes.c_long),
                ("do_not_propagate_mask", ctypes.c_long), ("override_redirect", ctypes.c_int),
                ("screen", ctypes.c_void_p)]

x11.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(Attrs)]
display = x11.XOpenDisplay(None)
if not display:
    sys.exit("no X display (run under xvfb-run)")
root = x11.XDefaultRootWindow(display)
ALL_PLANES = ctypes.c_ulong(-1).value
Z_PIXMAP = 2

def mapped_top_level():
    """How many top-level windows are viewable (Xvfb has no window manager: a new one is ours)."""
    r, p = ctypes.c_ulong(), ctypes.c_ulong()
    children, n = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
    x11.XQueryTree(display, root, ctypes.byref(r), ctypes.byref(p), ctypes.byref(children), ctypes.byref(n))
    count = 0
    for i in range(n.value):
        a = Attrs()
        x11.XGetWindowAttributes(display, children[i], ctypes.byref(a))
        if a.map_state == 2 and a.width > 400:
            count += 1
    if children:
        x11.XFree(children)
    return count

def pixel(x=x, y=y):
    img = x11.XGetImage(display, root, x, y, 1, 1, ALL_PLANES, Z_PIXMAP)
    if not img:
        return None
    v = x11.XGetPixel(img, 0, 0)
    x11.XDestroyImage(img)
    return ((v >> 16) & 255, (v >> 8) & 255, v & 255)

def close(a, b):
    return all(abs(p - q) <= 24 for p, q in zip(a, b))

def pss_kb(pid):
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
    except OSError:
        pass
    return total

def descendants(pid):
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
    children = {}
    for line in out.split("\n"):
        parts = line.split()
        if len(parts) == 2:
            children.setdefault(int(parts[1]), []).append(int(parts[0]))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found

before = mapped_top_level()
start = time.monotonic()
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
mapped = painted = shown = None
deadline = start + 60
while time.monotonic() < deadline and (painted is None or (then and shown is None)):
    now = time.monotonic()
    if mapped is None and mapped_top_level() > before:
        mapped = (now - start) * 1000
    if mapped is not None and painted is None:
        p = pixel()
        if p is not None and close(p, want):
            painted = (time.monotonic() - start) * 1000
    if painted is not None and then and shown is None:
        p = pixel(then[0], then[1])
        if p is not None and close(p, then[2]):
            shown = (time.monotonic() - start) * 1000
    if proc.poll() is not None:
        break
    time.sleep(0.002)
time.sleep(max(0.0, settle - (time.monotonic() - start)))
pids = descendants(proc.pid)
pss = sum(pss_kb(p) for p in pids)
os.killpg(proc.pid, signal.SIGTERM)
try:
    proc.wait(timeout=10)
except subprocess.TimeoutExpired:
    os.killpg(proc.pid, signal.SIGKILL)
print(json.dumps({"mapped_ms": mapped, "painted_ms": painted, "shown_ms": shown, "pss_kib": pss, "processes": len(pids),
                  "last_pixel": pixel()}))
