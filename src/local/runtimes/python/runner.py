# Python execution environment of the local cloud's Lambda: one process runs one function
# version, one invocation at a time, as a Lambda sandbox does.
# Protocol: one JSON request per line on stdin; one JSON result per line on fd 3.
# print() and logging are captured per invocation and returned with the result.
import importlib
import json
import logging
import os
import resource
import signal
import sys
import time
import traceback

# Started with -S (no site-packages): sys.path is this script's folder, then the standard
# library; PYTHONPATH put the task root and the lambda site (boto3 & co.) before it. The
# script's folder holds nothing for handlers.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]

_results = os.fdopen(3, "w", encoding="utf-8")
_requests = sys.stdin
_env = os.environ
_init_started = time.monotonic()


# Caps as in ../log-capture.ts: an event is cut at CloudWatch's 256 KB, and an invocation keeps
# 5,000 events and 1 MiB of output; what is dropped is counted and reported in one last line.
_MAX_EVENT_CHARS = 262144
_MAX_EVENTS = 5000
_MAX_OUTPUT = 1048576
_TRUNCATED = " [truncated: 256 KB per log event]"


class _Capture:
    """Stands in for stdout/stderr: text goes to the current invocation's log events.

    Linear in the text written: each write is scanned once, lines are found with str.find, and
    once the caps are reached the rest is only counted (no strings made), so one print of
    millions of lines costs a count, not a quadratic re-split."""

    def __init__(self):
        self.events = []
        self._size = 0
        self._partial = []
        self._partial_len = 0
        self._dropped_lines = 0
        self._dropped_chars = 0

    def write(self, text):
        if not isinstance(text, str):
            text = str(text)
        length = len(text)
        start = 0
        while start < length:
            if len(self.events) >= _MAX_EVENTS or self._size >= _MAX_OUTPUT:
                self._dropped_lines += text.count("\n", start)
                self._dropped_chars += length - start
                self._partial = []
                self._partial_len = 0
                break
            newline = text.find("\n", start)
            end = length if newline < 0 else newline
            if self._partial_len <= _MAX_EVENT_CHARS:
                piece = text[start:min(end, start + _MAX_EVENT_CHARS + 1 - self._partial_len)]
                self._partial.append(piece)
                self._partial_len += len(piece)
            if newline < 0:
                break
            self._end_line()
            start = newline + 1
        return length

    def _end_line(self):
        line = "".join(self._partial)
        self._partial = []
        self._partial_len = 0
        if len(line) > _MAX_EVENT_CHARS:
            line = line[:_MAX_EVENT_CHARS - len(_TRUNCATED)] + _TRUNCATED
        self.events.append([int(time.time() * 1000), line])
        self._size += len(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def drain(self):
        if self._partial_len:
            self._end_line()
        if self._dropped_lines or self._dropped_chars:
            self.events.append([int(time.time() * 1000), "[the local cloud dropped %d more line(s), %d characters, of this invocation's output: it keeps %d events and %d bytes per invocation]"
                                % (self._dropped_lines, self._dropped_chars, _MAX_EVENTS, _MAX_OUTPUT)])
        events, self.events = self.events, []
        self._size = 0
        self._dropped_lines = 0
        self._dropped_chars = 0
        return events


_capture = _Capture()
sys.stdout = _capture
sys.stderr = _capture


class _RequestIdFilter(logging.Filter):
    request_id = None

    def filter(self, record):
        record.aws_request_id = _RequestIdFilter.request_id
        return True


# As the Lambda runtime does: a root handler exists before the handler module is imported, so
# the module's logging.basicConfig() is a no-op and logger.setLevel(INFO) decides what shows.
_log_handler = logging.StreamHandler(_capture)
_log_handler.setFormatter(logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s", "%Y-%m-%dT%H:%M:%S"))
_log_handler.formatter.converter = time.gmtime
_log_handler.addFilter(_RequestIdFilter())
logging.getLogger().addHandler(_log_handler)


class _RuntimeError(Exception):
    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type = error_type


def _load_handler():
    handler = _env.get("_HANDLER", "")
    task_root = _env.get("LAMBDA_TASK_ROOT", os.getcwd())
    if task_root not in sys.path:
        sys.path.insert(0, task_root)
    try:
        module_path, function_name = handler.rsplit(".", 1)
    except ValueError:
        raise _RuntimeError("Runtime.MalformedHandlerName", "Bad handler '%s': not enough values to unpack (expected 2, got 1)" % handler)
    module_name = module_path.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise _RuntimeError("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, err))
    except SyntaxError as err:
        raise _RuntimeError("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, err))
    function = getattr(module, function_name, None)
    if function is None:
        raise _RuntimeError("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name))
    return function


class LambdaContext:
    def __init__(self, request):
        self.function_name = _env.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = _env.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = request.get("invokedFunctionArn")
        self.memory_limit_in_mb = _env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.aws_request_id = request["requestId"]
        self.log_group_name = _env.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = _env.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = None
        self._deadline = time.time() * 1000 + request["timeoutMs"]

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline - time.time() * 1000))


def _json_default(value):
    # Lambda's marshaller turns DynamoDB's Decimals into numbers. A Decimal exists only if its
    # module was imported (boto3 does), so the runner need not load it for every worker.
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


def _error_document(err, request_id):
    if isinstance(err, _RuntimeError):
        return {"errorMessage": str(err), "errorType": err.error_type, "requestId": request_id, "stackTrace": []}
    # As Lambda shows them: the handler's frames only (not this runner's), the code under /var/task,
    # one "File ..., line N, in name" and its source line per frame, without caret lines.
    task_root = _env.get("LAMBDA_TASK_ROOT", os.getcwd()).rstrip("/")
    frames = []
    for frame in traceback.extract_tb(err.__traceback__):
        if os.path.abspath(frame.filename) == os.path.abspath(__file__):
            continue
        filename = frame.filename
        if filename.startswith(task_root + "/"):
            filename = "/var/task" + filename[len(task_root):]
        text = '  File "%s", line %d, in %s\n' % (filename, frame.lineno, frame.name)
        if frame.line:
            text += "    %s\n" % frame.line.strip()
        frames.append(text)
    return {"errorMessage": str(err), "errorType": type(err).__name__, "requestId": request_id, "stackTrace": frames}


try:
    _handler = _load_handler()
    _load_error = None
except Exception as err:  # reported on every invocation, as Lambda does
    _handler = None
    _load_error = err
_init_ms = (time.monotonic() - _init_started) * 1000
_init_logs = _capture.drain()
# Init does not count against the function timeout: the host starts that clock on this line.
_results.write('{"ready": true}\n')
_results.flush()


def _invoke(request):
    global _init_logs
    request_id = request["requestId"]
    _RequestIdFilter.request_id = request_id
    ok = True
    try:
        if _load_error is not None:
            raise _load_error
        result = _handler(request.get("event"), LambdaContext(request))
        try:
            payload = json.dumps(result, default=_json_default)
        except (TypeError, ValueError) as err:
            raise _RuntimeError("Runtime.MarshalError", "Unable to marshal response: %s" % err)
    except Exception as err:
        ok = False
        document = _error_document(err, request_id)
        payload = json.dumps(document)
        print("[ERROR] %s: %s" % (document["errorType"], document["errorMessage"]))
        for frame in document["stackTrace"]:
            print(frame.rstrip("\n"))
    answer = {"requestId": request_id, "ok": ok, "payload": payload, "logs": _capture.drain(),
              "memoryMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}
    if _init_logs is not None:
        answer["initLogs"] = _init_logs
        answer["initMs"] = _init_ms
        _init_logs = None
    _RequestIdFilter.request_id = None
    _results.write(json.dumps(answer) + "\n")
    _results.flush()


for line in _requests:
    if line.strip():
        _invoke(json.loads(line))

# The host is gone (our stdin closed): end this environment and everything the handler started
# in it (this process leads its group), so nothing outlives the local cloud.
if os.getpgrp() == os.getpid():
    os.killpg(os.getpgrp(), signal.SIGKILL)
