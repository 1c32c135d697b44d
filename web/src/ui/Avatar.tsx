/** Initials in a circle whose colour comes from the name, so the same lead always looks the same. */
export function Avatar({ name, size = 36 }: { name: string; size?: number }) {
  const words = name
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .trim()
    .split(/\s+/);
  const initials =
    words
      .slice(0, 2)
      .map((w) => w[0]?.toUpperCase() ?? '')
      .join('') || '?';
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return (
    <span className="avatar" aria-hidden="true" style={{ width: size, height: size, background: `hsl(${h} 50% 30%)` }}>
      {initials}
    </span>
  );
}
