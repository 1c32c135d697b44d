// A short, soft two-note chime made in the browser (Web Audio): no audio files to license or load.
let ctx: AudioContext | null = null;

function audio(): AudioContext | null {
  if (!ctx && typeof AudioContext !== 'undefined') ctx = new AudioContext();
  return ctx;
}

/** Browsers allow sound only after a user gesture: resume the context on the first click or key. */
export function unlockAudioOnGesture(): void {
  const unlock = () => {
    void audio()?.resume();
    window.removeEventListener('pointerdown', unlock);
    window.removeEventListener('keydown', unlock);
  };
  window.addEventListener('pointerdown', unlock);
  window.addEventListener('keydown', unlock);
}

export function chime(): void {
  const a = audio();
  if (!a) return;
  const now = a.currentTime;
  for (const [i, freq] of [880, 1320].entries()) {
    const osc = a.createOscillator();
    const gain = a.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    const start = now + i * 0.12;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.15, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.35);
    osc.connect(gain).connect(a.destination);
    osc.start(start);
    osc.stop(start + 0.4);
  }
}
