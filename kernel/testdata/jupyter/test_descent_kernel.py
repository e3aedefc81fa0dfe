"""Tests of the descent Go kernel with real Jupyter clients.

Run by `make kernel-test` (kernel/kernel.mk) with Debian's /usr/bin/python3,
after the kernelspec is installed into a temporary JUPYTER_PATH and with a
temporary JUPYTER_DATA_DIR (history is persisted there).
"""

import os
import queue
import signal
import time
import unittest

import jupyter_client
import jupyter_kernel_test

TIMEOUT = 30


class DescentKernelTests(jupyter_kernel_test.KernelTests):
    """jupyter_kernel_test's suite, with a sample for every test it has."""

    kernel_name = "descent"
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'import "fmt"\nfmt.Println("hello, world")'
    code_stderr = 'import ("fmt"; "os")\nfmt.Fprintln(os.Stderr, "to stderr")'

    completion_samples = [
        {"text": "fmt.Printl", "matches": {"Println"}},
        {"text": "strings.ToUp", "matches": {"ToUpper", "ToUpperSpecial"}},
        {"text": "retu", "matches": {"return"}},
    ]

    complete_code_samples = ["x := 1", "fmt.Println(x)", "func f() int {\n\treturn 1\n}"]
    incomplete_code_samples = ["func f() {", "x := []int{1,\n2,", "s := `raw"]
    invalid_code_samples = ["x := )", "func f() }"]

    code_generate_error = "var s []int\n_ = s[3]"

    code_execute_result = [
        {"code": "1+2+3", "result": "6"},
        {"code": '"go" + "pher"', "result": '"gopher"'},
        {
            "code": 'import "github.com/descentml/descent/kernel/display"\ndisplay.HTML("<b>bold</b>")',
            "mime": "text/html",
            "result": "<b>bold</b>",
        },
    ]

    code_display_data = [
        {
            "code": 'import "github.com/descentml/descent/kernel/display"\ndisplay.Display(display.HTML("<i>hi</i>"))',
            "mime": "text/html",
        },
        {
            "code": 'import "github.com/descentml/descent/kernel/display"\ndisplay.Display(display.Markdown("# title"))',
            "mime": "text/markdown",
        },
    ]

    code_history_pattern = "1+2*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "strings.ToUpper"

    # `name?` shows the documentation in the pager (execute_reply "page" payload).
    code_page_something = "strings.ToUpper?"

    code_clear_output = 'import "github.com/descentml/descent/kernel/display"\ndisplay.Clear()'


class DescentKernelBehaviour(unittest.TestCase):
    """What jupyter_kernel_test does not cover: interrupts, SIGINT, stdin,
    comms, stop_on_error, restart with persistent history."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = jupyter_client.manager.start_new_kernel(kernel_name="descent")

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def drain(self):
        for get in (self.kc.get_shell_msg, self.kc.get_iopub_msg, self.kc.get_stdin_msg):
            while True:
                try:
                    get(timeout=0.05)
                except queue.Empty:
                    break

    def reply_to(self, msg_id, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = self.kc.get_shell_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        self.fail("no reply")

    def test_interrupt_message_stops_cell_and_keeps_state(self):
        self.drain()
        self.kc.execute_interactive("kept := 41", timeout=TIMEOUT, output_hook=lambda m: None)
        msg_id = self.kc.execute("for {}")
        time.sleep(0.5)
        start = time.time()
        self.km.interrupt_kernel()  # interrupt_mode "message": interrupt_request on control
        reply = self.reply_to(msg_id, timeout=5)
        self.assertLess(time.time() - start, 1.5)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        out = []
        self.kc.execute_interactive("kept + 1", timeout=TIMEOUT, output_hook=out.append)
        results = [m["content"]["data"]["text/plain"] for m in out if m["msg_type"] == "execute_result"]
        self.assertEqual(results, ["42"])

    def test_sigint_interrupts_but_never_kills(self):
        self.drain()
        pid = self.km.provisioner.process.pid
        msg_id = self.kc.execute('import "time"\ntime.Sleep(20 * time.Second)')
        time.sleep(0.5)
        os.kill(pid, signal.SIGINT)
        reply = self.reply_to(msg_id, timeout=5)
        self.assertEqual(reply["content"]["status"], "error")
        os.kill(pid, signal.SIGINT)  # while idle
        time.sleep(0.3)
        self.assertTrue(self.km.is_alive())
        reply = self.kc.execute_interactive("1", timeout=TIMEOUT, output_hook=lambda m: None)
        self.assertEqual(reply["content"]["status"], "ok")

    def test_stdin_input_request_with_password(self):
        self.drain()
        code = (
            'import ("bufio"; "fmt"; "os"; "github.com/descentml/descent/kernel/display")\n'
            'line, _ := bufio.NewReader(os.Stdin).ReadString(\'\\n\')\n'
            'pw, _ := display.Password("secret: ")\n'
            'fmt.Printf("got %q and %d chars\\n", line, len(pw))'
        )
        msg_id = self.kc.execute(code, allow_stdin=True)
        req = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual(req["msg_type"], "input_request")
        self.assertFalse(req["content"]["password"])
        self.kc.input("Ada")
        req = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertTrue(req["content"]["password"])
        self.assertEqual(req["content"]["prompt"], "secret: ")
        self.kc.input("hunter2")
        reply = self.reply_to(msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        text = ""
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                text += msg["content"]["text"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        self.assertEqual(text, 'got "Ada\\n" and 7 chars\n')

    def test_comms(self):
        self.drain()
        from jupyter_client.session import Session  # noqa: F401  (same session as kc)

        open_msg = self.kc.session.msg("comm_open", {"comm_id": "c1", "target_name": "descent.echo", "data": {}})
        self.kc.shell_channel.send(open_msg)
        info = self.kc.comm_info(target_name="descent.echo")
        reply = self.reply_to(info)
        self.assertIn("c1", reply["content"]["comms"])
        msg = self.kc.session.msg("comm_msg", {"comm_id": "c1", "data": {"x": 1}})
        self.kc.shell_channel.send(msg)
        deadline = time.time() + TIMEOUT
        echoed = None
        while time.time() < deadline and echoed is None:
            m = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if m["msg_type"] == "comm_msg":
                echoed = m["content"]
        self.assertEqual(echoed, {"comm_id": "c1", "data": {"x": 1}})
        bad = self.kc.session.msg("comm_open", {"comm_id": "c2", "target_name": "nope", "data": {}})
        self.kc.shell_channel.send(bad)
        deadline = time.time() + TIMEOUT
        closed = None
        while time.time() < deadline and closed is None:
            m = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if m["msg_type"] == "comm_close":
                closed = m["content"]["comm_id"]
        self.assertEqual(closed, "c2")
        self.kc.shell_channel.send(self.kc.session.msg("comm_close", {"comm_id": "c1", "data": {}}))
        reply = self.reply_to(self.kc.comm_info())
        self.assertNotIn("c1", reply["content"]["comms"])

    def test_stop_on_error_aborts_queued(self):
        self.drain()
        first = self.kc.execute("panic(\"stop\")")
        second = self.kc.execute("1")
        r1 = self.reply_to(first)
        r2 = self.reply_to(second)
        self.assertEqual(r1["content"]["status"], "error")
        self.assertEqual(r2["content"]["status"], "aborted")

    def test_user_expressions_and_silent(self):
        self.drain()
        msg_id = self.kc.execute("ue := 20", user_expressions={"twice": "ue * 2", "bad": "nope("})
        reply = self.reply_to(msg_id)
        ue = reply["content"]["user_expressions"]
        self.assertEqual(ue["twice"]["data"]["text/plain"], "40")
        self.assertEqual(ue["bad"]["status"], "error")
        out = []
        self.kc.execute_interactive('import "fmt"\nfmt.Println("quiet")', silent=True, output_hook=out.append, timeout=TIMEOUT)
        self.assertEqual([m for m in out if m["msg_type"] == "stream"], [])

    def test_z_restart_keeps_history(self):
        self.drain()
        marker = "restartMarker := 12345"
        self.kc.execute_interactive(marker, timeout=TIMEOUT, output_hook=lambda m: None)
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=TIMEOUT)
        reply = self.reply_to(self.kc.history(hist_access_type="search", pattern="restartMarker*", n=5))
        self.assertIn(marker, [h[2] for h in reply["content"]["history"]])
        reply = self.kc.execute_interactive("restartMarker", timeout=TIMEOUT, output_hook=lambda m: None)
        self.assertEqual(reply["content"]["status"], "error")  # state is gone after a restart


if __name__ == "__main__":
    unittest.main(verbosity=2)
