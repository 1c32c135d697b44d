import { useCallback, useState } from 'react';

/** A small preference kept in this browser (mute, card shown), surviving reloads. */
export function useLocalSetting<T extends string | boolean>(key: string, initial: T): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => {
    const raw = localStorage.getItem(`md.${key}`);
    if (raw === null) return initial;
    return (typeof initial === 'boolean' ? raw === 'true' : raw) as T;
  });
  const set = useCallback(
    (v: T) => {
      localStorage.setItem(`md.${key}`, String(v));
      setValue(v);
    },
    [key],
  );
  return [value, set];
}
