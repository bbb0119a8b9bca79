"""Starts a Jupyter kernel N times in a row, each time runs `1 + 1` and checks the answer.

    python3 kernel_starts.py <kernel name> <starts> <seconds per start>

One line per start on stdout: RESULT {"start": i, "ok": bool, "ready_s": s, "total_s": s, "error": str}
(ready_s: launch until the kernel answered kernel_info; total_s: until `1 + 1` had
been answered). The kernels' own output goes to the same stdout, hence the RESULT marker.
Used by KernelStartIT; JUPYTER_PATH chooses the kernelspec folder.
"""
import json
import sys
import time

from jupyter_client.manager import KernelManager


def one_start(name, timeout):
    km = KernelManager(kernel_name=name)
    t0 = time.monotonic()
    result = {"ok": False, "ready_s": None, "total_s": None, "error": None}
    kc = None
    try:
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=timeout)
        result["ready_s"] = round(time.monotonic() - t0, 2)
        msg_id = kc.execute("1 + 1")
        value = None
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no execute_result for `1 + 1`")
            msg = kc.get_iopub_msg(timeout=left)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "execute_result":
                value = msg["content"]["data"].get("text/plain")
            elif kind == "error":
                raise RuntimeError("%s: %s" % (msg["content"]["ename"], msg["content"]["evalue"]))
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                break
        while True:  # skip replies to the extra kernel_info_requests that wait_for_ready sent
            reply = kc.get_shell_msg(timeout=max(1.0, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        if reply["content"].get("status") != "ok":
            raise RuntimeError("execute_reply status %s" % reply["content"].get("status"))
        if value is None or value.strip() != "2":
            raise RuntimeError("`1 + 1` answered %r, expected '2'" % (value,))
        result["ok"] = True
    except Exception as e:  # a hung or broken start: report it and go on with the next one
        result["error"] = "%s: %s" % (type(e).__name__, e)
    finally:
        result["total_s"] = round(time.monotonic() - t0, 2)
        try:
            if kc is not None:
                kc.stop_channels()
            km.shutdown_kernel(now=not result["ok"])
        except Exception as e:
            result["error"] = (result["error"] or "") + " (shutdown: %s)" % e
    return result


def main():
    name, starts, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    for i in range(1, starts + 1):
        r = one_start(name, timeout)
        r["start"] = i
        print("RESULT " + json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
