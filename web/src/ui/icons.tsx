// Small inline icons (no icon font, no requests); decorative unless given a label.
import type { ChannelKind } from '@contracts/inbox';

const P = {
  width: 16,
  height: 16,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;

export function MessengerIcon({ kind, label }: { kind: ChannelKind; label?: string }) {
  const a11y = label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true };
  switch (kind) {
    case 'telegram':
      return (
        <svg {...P} {...a11y} className="messenger-icon telegram">
          <path d="M21 4 3 11l6 2 2 6 3-4 5 4z" />
          <path d="m9 13 8-6" />
        </svg>
      );
    case 'widget':
      return (
        <svg {...P} {...a11y} className="messenger-icon widget">
          <rect x="3" y="4" width="18" height="13" rx="3" />
          <path d="M8 21h8M12 17v4" />
        </svg>
      );
    case 'api':
      return (
        <svg {...P} {...a11y} className="messenger-icon api">
          <path d="m8 8-4 4 4 4M16 8l4 4-4 4M13 6l-2 12" />
        </svg>
      );
    case 'console':
      return (
        <svg {...P} {...a11y} className="messenger-icon console">
          <rect x="3" y="4" width="18" height="16" rx="2" />
          <path d="m7 9 3 3-3 3M12 15h5" />
        </svg>
      );
  }
}

export const BotIcon = () => (
  <svg {...P} aria-hidden="true">
    <rect x="4" y="8" width="16" height="12" rx="3" />
    <path d="M12 4v4M9 14h.01M15 14h.01" />
  </svg>
);
export const ClockIcon = () => (
  <svg {...P} aria-hidden="true">
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </svg>
);
export const PersonIcon = () => (
  <svg {...P} aria-hidden="true">
    <circle cx="12" cy="8" r="4" />
    <path d="M4 21c1-4 4-6 8-6s7 2 8 6" />
  </svg>
);
export const PeopleIcon = () => (
  <svg {...P} aria-hidden="true">
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2 20c.8-3.4 3.5-5 7-5s6.2 1.6 7 5M16 4.5a3.5 3.5 0 0 1 0 7M18 15c2 .6 3.4 2.3 4 5" />
  </svg>
);
export const CheckIcon = () => (
  <svg {...P} aria-hidden="true">
    <path d="m5 12 5 5 9-10" />
  </svg>
);
export const BackIcon = () => (
  <svg {...P} aria-hidden="true">
    <path d="m15 6-6 6 6 6" />
  </svg>
);
export const MoreIcon = () => (
  <svg {...P} aria-hidden="true">
    <circle cx="5" cy="12" r="1" />
    <circle cx="12" cy="12" r="1" />
    <circle cx="19" cy="12" r="1" />
  </svg>
);
export const PaperclipIcon = () => (
  <svg {...P} aria-hidden="true">
    <path d="m21 11-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7" />
  </svg>
);
export const SendIcon = () => (
  <svg {...P} aria-hidden="true">
    <path d="M4 12 20 4l-4 16-4-7z" />
  </svg>
);
export const InfoIcon = () => (
  <svg {...P} aria-hidden="true">
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v6M12 7h.01" />
  </svg>
);
export const NoteIcon = () => (
  <svg {...P} aria-hidden="true">
    <path d="M5 4h10l4 4v12H5z" />
    <path d="M9 12h6M9 16h4" />
  </svg>
);

/** The state's icon, shown with the state's colour so colour is never the only signal. */
export function ToneIcon({ tone }: { tone: 'bot' | 'waiting' | 'mine' | 'other' | 'closed' }) {
  switch (tone) {
    case 'bot':
      return <BotIcon />;
    case 'waiting':
      return <ClockIcon />;
    case 'mine':
      return <PersonIcon />;
    case 'other':
      return <PeopleIcon />;
    case 'closed':
      return <CheckIcon />;
  }
}
export const SettingsIcon = () => (
  <svg {...P} aria-hidden="true">
    <circle cx="12" cy="12" r="3" />
    <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
  </svg>
);
