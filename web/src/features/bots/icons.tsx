// The script editor's small icons (decorative: their buttons carry the label).
const P = {
  width: 16,
  height: 16,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  'aria-hidden': true,
} as const;

export const UpIcon = () => (
  <svg {...P}>
    <path d="M12 19V5M5 12l7-7 7 7" />
  </svg>
);
export const DownIcon = () => (
  <svg {...P}>
    <path d="M12 5v14M19 12l-7 7-7-7" />
  </svg>
);
export const RemoveIcon = () => (
  <svg {...P}>
    <path d="M18 6 6 18M6 6l12 12" />
  </svg>
);
