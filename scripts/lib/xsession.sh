# Sourced by scripts that show the desktop app: an X server (Xvfb) with a tray host (trayer), as a user's
# session has. start_xsession appends their pids to the caller's array `pids` (stop them last-first) and
# exports DISPLAY.
start_xsession() {
    local display=:$((80 + RANDOM % 19))
    Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    pids+=($!)
    export DISPLAY=$display
    for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
    trayer --edge top --align right --widthtype pixel --width 200 --height 28 >/dev/null 2>&1 &
    pids+=($!)
    sleep 1
}
