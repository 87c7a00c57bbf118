// Node.js execution environment of the local cloud's Lambda: one process runs one function
// version, one invocation at a time, as a Lambda sandbox does. Plain JS so it runs from src/
// and from an installed package alike.
// Protocol: one JSON request per line on stdin; one JSON result per line on fd 3.
// console.* is captured per invocation and returned with the result (Lambda's log format).
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const out = new net.Socket({ fd: 3, readable: false, writable: true });
const env = process.env;
const initStarted = performance.now();
let initLogs = newLog();
let current = null;

// Caps as in ../log-capture.ts: an event is cut at CloudWatch's 256 KB, and an invocation keeps
// 5,000 events and 1 MiB of output; what is dropped is counted and reported in one last line.
const MAX_EVENT_CHARS = 262_144;
const MAX_EVENTS = 5_000;
const MAX_OUTPUT = 1_048_576;
function newLog() {
  return { events: [], size: 0, droppedLines: 0, droppedChars: 0 };
}
function record(log, message) {
  if (log.events.length >= MAX_EVENTS || log.size >= MAX_OUTPUT) {
    log.droppedLines++;
    log.droppedChars += message.length;
    return;
  }
  const kept = message.length > MAX_EVENT_CHARS ? `${message.slice(0, MAX_EVENT_CHARS - 40)} [truncated: 256 KB per log event]` : message;
  log.events.push([Date.now(), kept]);
  log.size += kept.length;
}
function closeLog(log) {
  if (log.droppedLines > 0) {
    log.events.push([Date.now(), `[the local cloud dropped ${log.droppedLines} more line(s), ${log.droppedChars} characters, of this invocation's output: it keeps ${MAX_EVENTS} events and ${MAX_OUTPUT} bytes per invocation]`]);
  }
  return log.events;
}

function capture(level) {
  return (...args) => {
    const message = `${new Date().toISOString()}\t${current ? current.requestId : 'undefined'}\t${level}\t${format(...args)}`;
    record(current ? current.log : initLogs, message);
  };
}
console.log = capture('INFO');
console.info = capture('INFO');
console.warn = capture('WARN');
console.error = capture('ERROR');
console.debug = capture('DEBUG');
console.trace = capture('TRACE');

function errorDocument(err) {
  if (err instanceof Error) {
    return { errorType: err.name || err.constructor?.name || 'Error', errorMessage: err.message, trace: String(err.stack ?? '').split('\n') };
  }
  if (err && typeof err === 'object') {
    return { errorType: err.errorType ?? 'object', errorMessage: err.errorMessage ?? JSON.stringify(err), trace: [] };
  }
  return { errorType: typeof err, errorMessage: String(err), trace: [] };
}

class RuntimeError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

async function loadHandler() {
  const handlerString = env._HANDLER ?? '';
  const root = env.LAMBDA_TASK_ROOT ?? process.cwd();
  const slash = handlerString.lastIndexOf('/');
  const dot = handlerString.indexOf('.', slash + 1);
  if (dot < 0) throw new RuntimeError('Runtime.MalformedHandlerName', `Bad handler ${handlerString}: expected file.export, e.g. index.handler`);
  const moduleName = handlerString.slice(0, dot);
  const base = path.resolve(root, moduleName);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((candidate) => existsSync(candidate));
  if (!file) {
    throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}' in ${root} (looked for ${moduleName}.js, .mjs and .cjs)`);
  }
  let mod;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (err) {
    if (err instanceof SyntaxError) throw new RuntimeError('Runtime.UserCodeSyntaxError', `${err.name}: ${err.message}`);
    throw err;
  }
  const names = handlerString.slice(dot + 1).split('.');
  const pick = (obj) => names.reduce((value, name) => (value == null ? undefined : value[name]), obj);
  const handler = pick(mod) ?? pick(mod.default);
  if (typeof handler !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${moduleName}.${names.join('.')} is undefined or not exported`);
  }
  return handler;
}

const handlerReady = loadHandler().then(
  (handler) => ({ handler }),
  (error) => ({ error }),
);
// Init does not count against the function timeout: the host starts that clock on this line.
handlerReady.then(() => out.write('{"ready":true}\n'));

function callHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    const callback = (err, result) => (err !== undefined && err !== null ? reject(err) : resolve(result));
    context.done = callback;
    context.succeed = (result) => callback(null, result);
    context.fail = (err) => callback(err ?? 'handled');
    let returned;
    try {
      returned = handler(event, context, callback);
    } catch (err) {
      reject(err);
      return;
    }
    if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
    else if (handler.length < 3) resolve(returned);
  });
}

let initReported = false;
async function invoke(request) {
  const loaded = await handlerReady;
  const deadline = Date.now() + request.timeoutMs;
  current = { requestId: request.requestId, log: newLog() };
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: request.invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: request.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: undefined,
    clientContext: request.clientContext ? safeJson(Buffer.from(request.clientContext, 'base64').toString('utf8')) : undefined,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  let ok = true;
  let payload;
  try {
    if (loaded.error) throw loaded.error;
    const result = await callHandler(loaded.handler, request.event, context);
    payload = JSON.stringify(result === undefined ? null : result);
  } catch (err) {
    ok = false;
    payload = JSON.stringify(errorDocument(err));
    record(current.log, `${new Date().toISOString()}\t${request.requestId}\tERROR\tInvoke Error \t${payload}`);
  }
  const answer = { requestId: request.requestId, ok, payload, logs: closeLog(current.log), memoryMB: Math.round(process.memoryUsage.rss() / 1048576) };
  if (!initReported) {
    initReported = true;
    answer.initLogs = closeLog(initLogs);
    answer.initMs = performance.now() - initStarted;
    initLogs = newLog();
  }
  current = null;
  out.write(`${JSON.stringify(answer)}\n`);
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// A crash outside the handler's promise ends this environment, as in Lambda; the host reports it.
process.on('uncaughtException', (err) => {
  process.stderr.write(`${new Date().toISOString()}\t${current?.requestId ?? 'undefined'}\tERROR\tUncaught Exception \t${JSON.stringify(errorDocument(err))}\n`);
  process.exit(129);
});
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`${new Date().toISOString()}\t${current?.requestId ?? 'undefined'}\tERROR\tUnhandled Promise Rejection \t${JSON.stringify(errorDocument(reason))}\n`);
  process.exit(128);
});

// Requests arrive one at a time (the host never sends a second before the first answers).
let partial = [];
let queue = Promise.resolve();
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  let start = 0;
  let newline;
  while ((newline = chunk.indexOf('\n', start)) >= 0) {
    const line = partial.join('') + chunk.slice(start, newline);
    partial = [];
    start = newline + 1;
    if (!line) continue;
    const request = JSON.parse(line);
    queue = queue.then(() => invoke(request));
  }
  if (start < chunk.length) partial.push(chunk.slice(start));
});
// The host is gone (it closed our stdin, or died): end this environment and everything the
// handler started in it (this process leads its group), so nothing outlives the local cloud.
function endGroup() {
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    // not a group leader (started by hand): just leave
  }
  process.exit(0);
}
process.stdin.on('end', endGroup);
process.stdin.on('error', endGroup);
