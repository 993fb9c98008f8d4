// Installed in every test page before Streamlit loads: tells when every rerun the page asked for has run
// and been drawn. A click sends a rerun_script BackMsg at once, in its own handler; the run is over when
// the server's script_finished ForwardMsg arrives with a final status (a run cut short by st.rerun goes
// on). Streamlit hands each message to React before this listener hears it (its own listener runs first
// and the microtasks in between dispatch the message), but React draws it in a later task: until then
// the page still shows the previous run, "notRunning", stale elements and all. So a finish counts only
// once React has committed after it (seen through React's devtools hook, which its production build
// calls on every commit). A test thus waits for the run its action caused, drawn, and never for a time.
(() => {
  const RERUN_SCRIPT = 0x5a; // BackMsg field 11, length-delimited: the first byte of a rerun request
  const SCRIPT_FINISHED = 6; // ForwardMsg field 6, a varint status
  const FINAL = new Set([0, 1, 3]); // finished, compile error, fragment finished (2 = cut for a rerun)
  const state = { asked: 0, finished: null, settled: 0 };
  // React looks for this hook when it loads; a commit of the app's root (#root) after a finish makes
  // that finish count.
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject(renderer) {
      this.renderers.set(1, renderer);
      return 1;
    },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onCommitFiberRoot(_renderer, root) {
      if (state.finished !== null && root?.containerInfo?.id === "root") {
        state.settled = Math.max(state.settled, state.finished);
        state.finished = null;
      }
    },
  };
  const bytes = (data) =>
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : ArrayBuffer.isView(data)
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
        : null;
  const finishedStatus = (b) => {
    let i = 0;
    const varint = () => {
      let value = 0;
      let shift = 0;
      let byte = 0;
      do {
        byte = b[i++];
        value += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      } while (byte & 0x80 && i < b.length);
      return value;
    };
    while (i < b.length) {
      const tag = varint();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (wire === 0) {
        const value = varint();
        if (field === SCRIPT_FINISHED) return value;
      } else if (wire === 2) {
        const length = varint(); // read before adding: `i += varint()` would add to the old i
        i += length;
      } else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return -1;
    }
    return -1;
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const b = bytes(data);
    if (b && b[0] === RERUN_SCRIPT) state.asked += 1;
    if (!this.__settleListening) {
      this.__settleListening = true;
      this.addEventListener("message", (event) => {
        const m = bytes(event.data);
        if (m && FINAL.has(finishedStatus(m))) state.finished = state.asked;
      });
    }
    return send.call(this, data);
  };
  // The first commit after a finish may still be drawing the run's last deltas, with the previous
  // run's elements beside them (marked stale): a finished run leaves none, so none may be left.
  window.__settled = () => {
    const app = document.querySelector("[data-testid='stApp']");
    return (
      app !== null &&
      app.getAttribute("data-test-script-state") === "notRunning" &&
      state.settled >= state.asked &&
      document.querySelector("[data-stale='true']") === null
    );
  };
})();
