// Working hours (administrators): the business's and each department's, and the business settings
// that go with them (time zone, out-of-hours reply and mode).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BusinessSettings } from '@contracts/business';
import type { Span, WeekHours, WorkingHours, WorkingHoursView } from '@contracts/working-hours';
import { api } from '../../lib/api';

export type { Span, WeekHours, WorkingHours, WorkingHoursView };
export type HoursSettings = Pick<BusinessSettings, 'timeZone' | 'outOfHours' | 'outOfHoursReply'>;

/** Monday first, as contracts' WEEKDAYS (repeated so the bundle needs no schema library). */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const satisfies readonly (keyof WeekHours)[];
/** The languages of the out-of-hours reply on this screen. */
export const REPLY_LANGUAGES = ['en', 'ru'] as const;

export const hoursKeys = { hours: ['working-hours'] as const, business: ['business'] as const };

export function useWorkingHours() {
  return useQuery({ queryKey: hoursKeys.hours, queryFn: ({ signal }) => api.get<WorkingHoursView>('/api/v1/working-hours', signal) });
}

export function useBusinessHoursSettings() {
  return useQuery({
    queryKey: hoursKeys.business,
    queryFn: ({ signal }) =>
      api.get<{ business: { id: number; name: string; settings: BusinessSettings } }>('/api/v1/business', signal).then((r) => r.business),
  });
}

/** Saves the business's hours and the settings that go with them, one after the other. */
export function useSaveBusinessHours() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (b: { settings: HoursSettings; hours: WorkingHours | null }) => {
      await api.patch('/api/v1/business', { settings: b.settings });
      return api.put<WorkingHoursView>('/api/v1/working-hours', { hours: b.hours });
    },
    onSuccess: (v) => {
      qc.setQueryData(hoursKeys.hours, v);
      void qc.invalidateQueries({ queryKey: hoursKeys.business });
    },
  });
}

export function useSaveDepartmentHours() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: { id: number; hours: WorkingHours | null }) => api.put<WorkingHoursView>(`/api/v1/departments/${d.id}/working-hours`, { hours: d.hours }),
    onSuccess: (v) => qc.setQueryData(hoursKeys.hours, v),
  });
}
