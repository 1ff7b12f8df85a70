// Benchmate console: plain ES2020, no framework, nothing loaded from outside this Benchmate.
//
// Every /api request goes through api(): it adds "Authorization: Bearer TOKEN" when a token is kept
// (localStorage), and on 401 asks for the token once (one dialog for every request waiting) and
// tries again. That is why streams are read with fetch + ReadableStream (EventSource cannot send
// headers) and pictures with fetch -> blob -> object URL (an <img src> cannot either).
'use strict';

(() => {
  const TOKEN_KEY = 'benchmate.token';
  const MAX_WATERFALLS = 6;
  const MAX_FAILURES = 10;
  const STATUS_EVERY_MS = 5000;

  const $ = (id) => document.getElementById(id);
  const el = (tag, props = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'title') e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const c of children) e.append(c);
    return e;
  };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const ms = (v) => (typeof v === 'number' && isFinite(v) ? Math.round(v) : null);

  // ---- token and requests ------------------------------------------------------------------

  let tokenPrompt = null; // the one pending dialog, shared by every request that got 401
  let tokenDeclined = false; // the person cancelled: ask again only when they press "Token"

  function storedToken() {
    try { return localStorage.getItem(TOKEN_KEY) || ''; } catch (e) { return ''; }
  }

  function askForToken(why) {
    if (tokenPrompt) return tokenPrompt;
    tokenPrompt = new Promise((resolve, reject) => {
      const dialog = $('token-dialog');
      const input = $('token-input');
      $('token-why').textContent = why;
      input.value = '';
      const done = (token) => {
        $('token-form').removeEventListener('submit', onSubmit);
        $('token-cancel').removeEventListener('click', onCancel);
        dialog.removeEventListener('cancel', onCancel);
        if (dialog.open) dialog.close();
        tokenPrompt = null;
        if (token) {
          try { localStorage.setItem(TOKEN_KEY, token); } catch (e) { /* private mode: kept for this page only */ }
          sessionToken = token;
          $('token-button').hidden = false;
          resolve(token);
        } else {
          tokenDeclined = true;
          $('token-button').hidden = false;
          reject(new Error('this Benchmate needs its access token (press "Token" to enter it)'));
        }
      };
      const onSubmit = (event) => {
        event.preventDefault();
        const token = input.value.trim();
        if (token) done(token);
      };
      const onCancel = (event) => { event.preventDefault(); done(null); };
      $('token-form').addEventListener('submit', onSubmit);
      $('token-cancel').addEventListener('click', onCancel);
      dialog.addEventListener('cancel', onCancel);
      dialog.showModal();
      input.focus();
    });
    return tokenPrompt;
  }

  let sessionToken = storedToken();

  /** fetch() with the token; on 401 asks for it (once for all) and tries again. */
  async function api(path, options = {}) {
    for (;;) {
      const used = sessionToken;
      const headers = new Headers(options.headers || {});
      if (used) headers.set('Authorization', 'Bearer ' + used);
      const response = await fetch(path, { ...options, headers, cache: 'no-store' });
      if (response.status !== 401) return response;
      if (sessionToken && sessionToken !== used) continue; // another request has a newer token
      if (tokenDeclined) throw new Error('this Benchmate needs its access token (press "Token" to enter it)');
      const why = used
        ? 'The token was refused. Enter the service\'s benchmate.http.token.'
        : 'This Benchmate needs its access token (the service\'s benchmate.http.token).';
      await askForToken(why); // rejects when the person cancels
    }
  }

  /** The one line a failed response says (Benchmate answers {"error": "…"}), with Retry-After. */
  async function failureText(response) {
    let text = '';
    try {
      const body = await response.text();
      try {
        const json = JSON.parse(body);
        text = typeof json.error === 'string' ? json.error : (json.error && json.error.message) || body;
      } catch (e) {
        text = body;
      }
    } catch (e) { /* no body */ }
    text = (text || response.statusText || 'request failed').trim().split('\n')[0];
    const retry = response.headers.get('Retry-After');
    return `${response.status}: ${text}${retry ? ` (try again in ${retry} s)` : ''}`;
  }

  /**
   * Reads a text/event-stream response, calling onEvent(type, data) per event. Comment lines
   * (": keep-alive") are skipped. Resolves when the stream ends.
   */
  async function readEvents(response, onEvent, signal) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let type = '';
    let data = [];
    const line = (text) => {
      if (text === '') {
        if (data.length) onEvent(type || 'message', data.join('\n'));
        type = '';
        data = [];
        return;
      }
      if (text.startsWith(':')) return;
      const colon = text.indexOf(':');
      const field = colon < 0 ? text : text.slice(0, colon);
      let value = colon < 0 ? '' : text.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    };
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n')) >= 0) {
          line(buffer.slice(0, end).replace(/\r$/, ''));
          buffer = buffer.slice(end + 1);
        }
        if (signal && signal.aborted) break;
      }
      if (buffer) line(buffer.replace(/\r$/, ''));
      line('');
    } finally {
      reader.releaseLock();
    }
  }

  function parse(data) {
    try { return JSON.parse(data); } catch (e) { return { text: data }; }
  }

  // ---- notices -------------------------------------------------------------------------------

  function notice(text, kind = 'info') {
    const n = $('notice');
    n.textContent = text;
    n.dataset.kind = kind;
  }

  // ---- state ---------------------------------------------------------------------------------

  const STATE_WORDS = {
    IDLE: 'Idle', LISTENING: 'Listening', TRANSCRIBING: 'Transcribing', THINKING: 'Thinking',
    SPEAKING: 'Speaking', FOLLOW_UP: 'Follow-up',
  };

  function showState(state) {
    if (!state) return;
    const s = $('state');
    s.dataset.state = state;
    s.textContent = state.replace('_', '-');
    s.title = STATE_WORDS[state] || state;
  }

  function showSimulated(simulated) {
    $('simulated').hidden = !simulated;
  }

  function showConnection(connected, why) {
    const c = $('connection');
    c.dataset.connected = String(connected);
    c.textContent = connected ? 'live' : `not connected${why ? ': ' + why : ''}`;
  }

  // ---- the turn ------------------------------------------------------------------------------

  // Tokens of one turn may come twice: from the ask stream and from the hub's event stream.
  // Each source is kept apart and the longer is shown; the final answer replaces both.
  const turns = new Map();
  let shownTurn = 0;

  function turnOf(n) {
    if (!turns.has(n)) {
      turns.set(n, { n, from: '', question: '', transcript: '', streams: { ask: '', hub: '' }, answer: null, note: '' });
      for (const old of [...turns.keys()].filter((k) => k < n - 20)) turns.delete(old);
    }
    return turns.get(n);
  }

  function renderTurn(t) {
    if (!t || t.n < shownTurn) return; // an older turn's late event: the newest stays shown
    if (t.n !== shownTurn) {
      shownTurn = t.n;
      $('turn-figure').hidden = true;
      $('turn-picture-caption').textContent = '';
    }
    $('turn-number').textContent = String(t.n);
    $('turn-from').textContent = t.from ? `from ${t.from.toLowerCase()}` : '';
    const q = $('turn-question');
    q.textContent = t.question || (t.transcript ? '' : '…');
    q.classList.toggle('muted', !t.question);
    $('turn-transcript').hidden = !t.transcript;
    $('turn-transcript-label').hidden = !t.transcript;
    $('turn-transcript').textContent = t.transcript;
    const a = $('turn-answer');
    const streamed = t.streams.ask.length >= t.streams.hub.length ? t.streams.ask : t.streams.hub;
    a.textContent = t.answer !== null ? t.answer : streamed;
    a.dataset.streaming = String(t.answer === null && !t.failed && streamed.length > 0);
    $('turn-note').textContent = t.note;
    $('turn-note').dataset.kind = t.failed ? 'error' : '';
  }

  let pictureUrl = null;
  let pictureRequest = 0;

  /** Shows the picture the last turn used (fetched with the token, as a blob). */
  async function showPicture(n, caption) {
    const request = ++pictureRequest;
    try {
      const response = await api('/api/picture/last');
      if (!response.ok) {
        if (response.status !== 404) $('turn-picture-caption').textContent = await failureText(response);
        return;
      }
      const blob = await response.blob();
      if (request !== pictureRequest || n < shownTurn) return;
      if (pictureUrl) URL.revokeObjectURL(pictureUrl);
      pictureUrl = URL.createObjectURL(blob);
      const img = $('turn-picture');
      img.src = pictureUrl;
      img.alt = n ? `The picture used for turn ${n}` : caption;
      $('turn-picture-caption').textContent = caption || `The picture used for turn ${n}`;
      $('turn-figure').hidden = false;
    } catch (e) {
      // the picture is a nicety: the turn is shown without it
    }
  }

  // ---- latency waterfall -------------------------------------------------------------------

  /**
   * One turn's latency as bars on one time axis, 0 = end of the question. Vision encoding starts
   * visionHiddenMs before 0 (the part hidden behind the person's speech); prefill ends with the
   * first token.
   */
  function waterfall(latency, title, turn) {
    const L = latency || {};
    const transcript = ms(L.transcriptMs) || 0;
    const encode = ms(L.visionEncodeMs) || 0;
    const hidden = Math.min(ms(L.visionHiddenMs) || 0, encode);
    const prefill = ms(L.prefillMs) || 0;
    const firstToken = ms(L.firstTokenMs);
    const firstAudio = ms(L.firstAudioMs);
    const total = ms(L.totalMs) || 0;
    const start = -hidden;
    const end = Math.max(total, transcript, encode - hidden, firstToken || 0, firstAudio || 0, 1);
    const span = end - start || 1;
    const x = (t) => `${((t - start) / span) * 100}%`;
    const w = (a, b) => `${(Math.max(0, b - a) / span) * 100}%`;

    const box = el('div', { class: 'waterfall', 'data-turn': String(turn || ''), role: 'group', 'aria-label': title });
    box.append(el('h3', { text: title }));
    const row = (name, kind, parts, value, label) => {
      const track = el('div', { class: 'wf-track', 'aria-hidden': 'true' });
      if (start < 0) track.append(Object.assign(el('div', { class: 'wf-zero' }), { style: `left:${x(0)}` }));
      for (const p of parts) {
        const part = el('div', { class: `${p.mark ? 'wf-mark' : 'wf-bar'} wf-${p.kind || kind}` });
        part.style.left = x(p.from);
        if (!p.mark) part.style.width = w(p.from, p.to);
        if (p.title) part.title = p.title;
        track.append(part);
      }
      const r = el('div', { class: 'wf-row', 'data-stage': kind },
        el('span', { class: 'wf-label', text: name }), track, el('span', { class: 'wf-value', text: value }));
      r.setAttribute('aria-label', `${name}: ${label || value}`);
      box.append(r);
    };
    row('Transcript', 'transcript', [{ from: 0, to: transcript }], `${transcript} ms`);
    const visionParts = [];
    if (hidden > 0) visionParts.push({ from: -hidden, to: 0, kind: 'hidden', title: `${hidden} ms of it before speech end` });
    if (encode - hidden > 0) visionParts.push({ from: 0, to: encode - hidden });
    row('Vision', 'vision', visionParts, encode ? `${encode} ms` : 'no picture',
      encode ? `${encode} ms, ${hidden} ms of it before speech end` : 'no new picture');
    if (hidden > 0) {
      box.lastChild.querySelector('.wf-value').append(el('span', { class: 'wf-hidden-figure', text: `${hidden} hidden` }));
    }
    const prefillEnd = firstToken !== null ? firstToken : prefill;
    row('Prefill', 'prefill', [{ from: Math.max(prefillEnd - prefill, start), to: prefillEnd }], `${prefill} ms`);
    row('First token', 'token', firstToken !== null ? [{ from: firstToken, mark: true }] : [],
      firstToken !== null ? `${firstToken} ms` : '–');
    const spoken = firstAudio !== null && firstAudio >= 0;
    row('First audio', 'audio', spoken ? [{ from: firstAudio, mark: true }] : [], spoken ? `${firstAudio} ms` : 'not spoken');
    row('Total', 'total', [{ from: 0, to: total }], `${total} ms`);
    return box;
  }

  const shownWaterfalls = new Set();

  function addWaterfall(latency, turn, prepend = true) {
    if (!latency) return;
    const key = turn ? `turn-${turn}` : null;
    if (key && shownWaterfalls.has(key)) {
      const old = $('waterfalls').querySelector(`.waterfall[data-turn="${turn}"]`);
      if (old) old.remove();
    }
    if (key) shownWaterfalls.add(key);
    const box = $('waterfalls');
    $('no-waterfall').hidden = true;
    const w = waterfall(latency, turn ? `Turn ${turn}` : 'Earlier turn', turn);
    if (prepend) box.insertBefore(w, box.querySelector('.waterfall')); else box.append(w);
    const all = box.querySelectorAll('.waterfall');
    for (let i = MAX_WATERFALLS; i < all.length; i++) all[i].remove();
  }

  async function loadLatencies() {
    try {
      const response = await api('/api/turns/latency');
      if (!response.ok) return;
      const body = await response.json();
      const list = Array.isArray(body.turns) ? body.turns : [];
      if ($('waterfalls').querySelector('.waterfall')) return; // live turns came first
      for (const item of list.slice(-MAX_WATERFALLS).reverse()) {
        const latency = item.latency || item;
        addWaterfall(latency, item.turn || 0, false);
      }
    } catch (e) { /* shown when the next turn ends */ }
  }

  // ---- failures ------------------------------------------------------------------------------

  const shownFailures = new Set(); // a turn's failure comes from the ask stream and from the hub

  function addFailure(stage, cause, turn, time, goesOn) {
    const key = `${turn}|${stage}|${cause}`;
    if (turn && shownFailures.has(key)) return;
    shownFailures.add(key);
    if (turn && goesOn === false) {
      const t = turnOf(turn);
      t.failed = cause;
      t.note = `No answer: ${cause}`;
      renderTurn(t);
    }
    const list = $('failures');
    $('no-failures').hidden = true;
    const when = time ? new Date(time) : new Date();
    const item = el('li', { class: 'failure' },
      el('span', { class: 'stage', text: stage || 'ERROR' }), ' ',
      el('span', { class: 'cause', text: cause || '' }), ' ',
      el('span', {
        class: 'when',
        text: `(${when.toLocaleTimeString()}${turn ? `, turn ${turn}` : ''}${goesOn === true ? ', the turn went on' : goesOn === false ? ', the turn ended' : ''})`,
      }));
    list.insertBefore(item, list.firstChild);
    while (list.children.length > MAX_FAILURES) list.lastChild.remove();
  }

  // ---- health --------------------------------------------------------------------------------

  function yesNo(node, yes, why) {
    node.textContent = '';
    node.append(el('span', { class: yes ? 'yes' : 'no', text: yes ? 'yes' : 'no' }));
    if (why) node.append(` — ${why}`);
  }

  function showStatus(s) {
    showState(s.state);
    showSimulated(!!s.simulated);
    yesNo($('health-ready'), !!s.ready, s.readiness);
    yesNo($('health-alive'), !!s.alive, '');
    $('health-mode').textContent = (s.mode || '–') + (s.listening === false ? ' (the voice loop is not running)' : '');
    $('health-waiting').textContent = s.waiting === undefined ? '–' : `${s.waiting} question(s) waiting for the NPU`;
    const kv = $('health-kv');
    kv.textContent = '';
    if (s.kvCache && s.kvCache.max) {
      kv.append(el('meter', { min: 0, max: s.kvCache.max, value: s.kvCache.used, 'aria-label': 'KV cache fill' }),
        ` ${s.kvCache.used} / ${s.kvCache.max} tokens`);
    } else {
      kv.textContent = '–';
    }
    const features = $('health-features');
    features.textContent = '';
    for (const f of s.features || []) {
      features.append(el('li', { 'data-feature': f.name },
        el('span', { class: f.on ? 'on' : 'off', text: f.on ? 'on' : 'off' }), ' ',
        el('strong', { text: f.name }), f.detail ? ` — ${f.detail}` : ''));
    }
    const problems = $('health-problems');
    problems.textContent = '';
    for (const p of s.problems || []) problems.append(el('li', { text: typeof p === 'string' ? p : JSON.stringify(p) }));
  }

  /** Without /api/status (not reachable): what the open health checks say. */
  async function showHealthChecks(why) {
    const read = async (path) => {
      try {
        const r = await fetch(path, { cache: 'no-store' });
        return { up: r.ok, body: await r.json().catch(() => ({})) };
      } catch (e) {
        return null;
      }
    };
    const [ready, live] = await Promise.all([read('/q/health/ready'), read('/q/health/live')]);
    if (!ready && !live) {
      yesNo($('health-ready'), false, `Benchmate does not answer (${why})`);
      yesNo($('health-alive'), false, '');
      return;
    }
    const detail = (h) => (h && h.body && Array.isArray(h.body.checks)
      ? h.body.checks.map((c) => `${c.name}: ${c.status}${c.data ? ' ' + Object.values(c.data).join('; ') : ''}`).join(' · ')
      : '');
    yesNo($('health-ready'), !!(ready && ready.up), detail(ready) || why);
    yesNo($('health-alive'), !!(live && live.up), detail(live));
  }

  let statusBusy = false;

  async function refreshStatus() {
    if (statusBusy) return;
    statusBusy = true;
    try {
      const response = await api('/api/status');
      if (response.ok) showStatus(await response.json());
      else await showHealthChecks(await failureText(response));
    } catch (e) {
      await showHealthChecks(e.message);
    } finally {
      statusBusy = false;
    }
  }

  // ---- the hub's events ----------------------------------------------------------------------

  function onHubEvent(type, data) {
    const e = parse(data);
    const kind = e.kind || type;
    const n = e.turn || 0;
    switch (kind) {
      case 'state':
        showState(e.state);
        break;
      case 'woken':
        notice('Woken: listening for the question.');
        break;
      case 'ignored':
        notice(`Heard, but not for Benchmate: ${e.why || ''}`);
        break;
      case 'command':
        notice(`Command: ${e.command}`);
        break;
      case 'accepted': {
        const t = turnOf(n);
        t.from = e.from || t.from;
        if (e.waiting > 0) t.note = `${e.waiting} question(s) ahead of it for the NPU`;
        renderTurn(t);
        break;
      }
      case 'transcript': {
        const t = turnOf(n);
        t.transcript = e.text || '';
        renderTurn(t);
        break;
      }
      case 'picture': {
        const t = turnOf(n);
        t.picture = `${e.source || 'picture'}, ${e.width}×${e.height}`;
        renderTurn(t);
        break;
      }
      case 'token': {
        const t = turnOf(n);
        t.streams.hub += e.text || '';
        renderTurn(t);
        break;
      }
      case 'restarted': {
        const t = turnOf(n);
        t.note = `The conversation restarted: ${e.why || ''}`;
        renderTurn(t);
        break;
      }
      case 'answer':
        finishTurn(n, e);
        break;
      case 'failed':
        addFailure(e.stage, e.cause, n, e.time, e.turnGoesOn);
        break;
      case 'dropped':
        notice(`${e.count} event(s) were not delivered to this page (it was too slow); the view catches up.`);
        refreshStatus();
        break;
      default:
        break;
    }
  }

  function finishTurn(n, a) {
    refreshStatus(); // the KV cache and the queue have changed
    const t = turnOf(n);
    if (a.question) t.question = a.question;
    if (a.transcript) t.transcript = a.transcript;
    if (typeof a.answer === 'string') t.answer = a.answer;
    const notes = [];
    if (a.stopped) notes.push('Stopped.');
    if (a.restarted) notes.push('The conversation restarted.');
    if (a.speechProblem) notes.push(`Not spoken: ${a.speechProblem}`);
    if (a.simulated) notes.push('Simulated NPU: not a real model\'s answer.');
    if (notes.length) t.note = notes.join(' ');
    renderTurn(t);
    if (a.latency && !t.waterfallShown) {
      t.waterfallShown = true;
      addWaterfall(a.latency, n);
    }
    if (a.pictureAttached && !t.pictureShown) {
      t.pictureShown = true;
      showPicture(n, `The picture used for turn ${n}${t.picture ? ` (${t.picture})` : ''}`);
    }
  }

  async function followEvents() {
    let delay = 1000;
    for (;;) {
      try {
        const response = await api('/api/events', { headers: { Accept: 'text/event-stream' } });
        if (!response.ok) throw new Error(await failureText(response));
        showConnection(true);
        delay = 1000;
        refreshStatus();
        await readEvents(response, onHubEvent);
        showConnection(false, 'the event stream ended');
      } catch (e) {
        showConnection(false, e.message);
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 15000);
    }
  }

  // ---- asking --------------------------------------------------------------------------------

  let asking = false;

  async function ask(event) {
    event.preventDefault();
    const question = $('question').value.trim();
    if (!question) {
      notice('Type a question first.', 'error');
      $('question').focus();
      return;
    }
    if (asking) return;
    asking = true;
    $('ask-button').disabled = true;
    const form = new FormData();
    form.append('question', question);
    const file = $('picture').files[0];
    if (file) form.append('picture', file, file.name);
    else form.append('camera', 'true');
    form.append('speak', String($('speak').checked));
    notice(file ? `Asking with ${file.name}…` : 'Asking with the camera\'s frame…');
    let turn = 0;
    let ended = false;
    try {
      const response = await api('/api/ask?stream=true', {
        method: 'POST', body: form, headers: { Accept: 'text/event-stream' },
      });
      if (!response.ok) {
        const why = await failureText(response);
        notice(why, 'error');
        addFailure('ASK', why, 0);
        return;
      }
      $('question').value = '';
      if (file) {
        // sent: the next question goes with the camera's frame unless another picture is attached
        $('picture').value = '';
        pictureChosen();
      }
      await readEvents(response, (type, data) => {
        const e = parse(data);
        switch (type) {
          case 'accepted': {
            turn = e.turn;
            const t = turnOf(turn);
            t.question = question;
            t.from = t.from || 'API';
            t.note = e.waiting > 0 ? `${e.waiting} question(s) ahead of it for the NPU` : '';
            renderTurn(t);
            notice(e.waiting > 0 ? `Waiting for the NPU (${e.waiting} ahead)…` : 'Thinking…');
            break;
          }
          case 'transcript': {
            const t = turnOf(turn);
            t.transcript = e.text || '';
            renderTurn(t);
            break;
          }
          case 'token': {
            const t = turnOf(turn);
            t.streams.ask += e.text || '';
            renderTurn(t);
            break;
          }
          case 'answer':
            ended = true;
            finishTurn(e.turn || turn, e);
            notice(e.stopped ? 'Stopped.' : 'Answered.');
            break;
          case 'error':
            ended = true;
            notice(`${e.status ? e.status + ': ' : ''}${e.error}`, 'error');
            addFailure(e.stage || 'ASK', e.error, turn, null, turn ? false : undefined);
            break;
          default:
            break;
        }
      });
      if (!ended) notice('The answer stream ended before the answer.', 'error');
    } catch (e) {
      notice(`Could not ask: ${e.message}`, 'error');
    } finally {
      asking = false;
      $('ask-button').disabled = false;
    }
  }

  async function post(path, done) {
    try {
      const response = await api(path, { method: 'POST' });
      if (response.ok) notice(done);
      else notice(await failureText(response), 'error');
    } catch (e) {
      notice(e.message, 'error');
    }
  }

  // ---- wiring --------------------------------------------------------------------------------

  function pictureChosen() {
    const file = $('picture').files[0];
    $('clear-picture').hidden = !file;
    $('picture-hint').textContent = file
      ? `Attached: ${file.name}. It goes with the next question.`
      : 'No picture attached: the camera\'s frame is used.';
  }

  function start() {
    $('ask-form').addEventListener('submit', ask);
    $('picture').addEventListener('change', pictureChosen);
    $('clear-picture').addEventListener('click', () => { $('picture').value = ''; pictureChosen(); });
    $('stop-button').addEventListener('click', () => post('/api/stop', 'Stopped.'));
    $('new-button').addEventListener('click', () => post('/api/conversation/new', 'New conversation: the context is cleared.'));
    $('ptt-button').addEventListener('click', () => post('/api/push-to-talk', 'Listening: ask now.'));
    $('token-button').hidden = !sessionToken;
    $('token-button').addEventListener('click', () => {
      tokenDeclined = false;
      askForToken('Enter the service\'s benchmate.http.token.').then(() => notice('Token changed.')).catch(() => {});
    });
    followEvents();
    refreshStatus();
    loadLatencies();
    showPicture(0, 'The picture the last turn used (before this page was opened)');
    setInterval(refreshStatus, STATUS_EVERY_MS);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
