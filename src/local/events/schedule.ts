// EventBridge schedule expressions: rate(N unit) and cron(min hour dom month dow year), AWS
// syntax, all in UTC. `next(after)` gives the next fire time strictly after `after`.
import { AwsServiceError } from '../protocol/errors.js';

export interface Schedule {
  /** Epoch ms of the first fire strictly after `after`; undefined when it never fires again. */
  next(after: number, anchor: number): number | undefined;
}

const invalid = (detail: string) => new AwsServiceError('ValidationException', `Parameter ScheduleExpression is not valid. ${detail}`, 400);

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function parseSchedule(expression: string): Schedule {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2]!;
    const singular = unit.replace(/s$/, '');
    if (value <= 0) throw invalid('The rate value must be a positive whole number.');
    if ((value === 1) !== (unit === singular)) throw invalid(`Use "${value} ${value === 1 ? singular : `${singular}s`}": the unit is singular for 1 and plural otherwise.`);
    const period = value * UNIT_MS[singular]!;
    // Rate schedules count from when the rule was made (or last enabled): the anchor.
    return { next: (after, anchor) => anchor + (Math.floor(Math.max(0, after - anchor) / period) + 1) * period };
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (cron) return parseCron(cron[1]!.trim());
  throw invalid('Use rate(N minute|minutes|hour|hours|day|days) or cron(minutes hours day-of-month month day-of-week year).');
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS },
  { name: 'year', min: 1970, max: 2199 },
];

/** undefined = `?` (no constraint from this field). */
type FieldSet = Set<number> | undefined;

function parseCron(body: string): Schedule {
  const parts = body.split(/\s+/);
  if (parts.length !== 6) throw invalid(`A cron expression has 6 fields (minutes hours day-of-month month day-of-week year); got ${parts.length}.`);
  const [dom, dow] = [parts[2]!, parts[4]!];
  if ((dom === '?') === (dow === '?')) {
    throw invalid('Exactly one of day-of-month and day-of-week must be "?": the other one chooses the days.');
  }
  const sets = parts.map((text, i) => parseField(text, FIELDS[i]!));
  const [minutes, hours, days, months, weekdays, years] = sets as [FieldSet, FieldSet, FieldSet, FieldSet, FieldSet, FieldSet];
  return {
    next(after) {
      let t = Math.floor(after / 60_000) * 60_000 + 60_000;
      // Skip by the coarsest field that does not match; bounded so a never-matching expression ends.
      for (let guard = 0; guard < 200_000; guard++) {
        const d = new Date(t);
        const year = d.getUTCFullYear();
        if (year > 2199) return undefined;
        if (years && !years.has(year)) {
          t = Date.UTC(year + 1, 0, 1);
          continue;
        }
        if (months && !months.has(d.getUTCMonth() + 1)) {
          t = Date.UTC(year, d.getUTCMonth() + 1, 1);
          continue;
        }
        const dayOk = days ? days.has(d.getUTCDate()) : weekdays!.has(d.getUTCDay() + 1);
        if (!dayOk) {
          t = Date.UTC(year, d.getUTCMonth(), d.getUTCDate() + 1);
          continue;
        }
        if (hours && !hours.has(d.getUTCHours())) {
          t = Date.UTC(year, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
          continue;
        }
        if (minutes && !minutes.has(d.getUTCMinutes())) {
          t += 60_000;
          continue;
        }
        return t;
      }
      return undefined;
    },
  };
}

function parseField(text: string, spec: FieldSpec): FieldSet {
  if (text === '?') {
    if (spec.name !== 'day-of-month' && spec.name !== 'day-of-week') throw invalid(`"?" is allowed only in day-of-month and day-of-week, not in ${spec.name}.`);
    return undefined;
  }
  if (/[LW#]/.test(text.replace(/[A-Z]{3}/g, (m) => (spec.names?.includes(m) ? '' : m)))) {
    throw invalid(`The local cloud does not support the L, W and # wildcards (in ${spec.name}: "${text}"); list the days explicitly.`);
  }
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const match = /^(\*|[A-Z0-9]+(?:-[A-Z0-9]+)?)(?:\/(\d+))?$/i.exec(item);
    if (!match) throw invalid(`"${item}" is not a valid ${spec.name} value.`);
    const step = match[2] !== undefined ? Number(match[2]) : 1;
    if (step < 1) throw invalid(`The increment in "${item}" must be at least 1.`);
    let from: number;
    let to: number;
    if (match[1] === '*') {
      [from, to] = [spec.min, spec.max];
    } else {
      const [a, b] = match[1]!.split('-');
      from = value(a!, spec);
      // "5/10" means from 5 to the end in steps of 10.
      to = b !== undefined ? value(b, spec) : match[2] !== undefined ? spec.max : from;
    }
    if (from > to) throw invalid(`The range "${item}" in ${spec.name} goes backwards.`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function value(text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + 1 : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= spec.min && n <= spec.max)) throw invalid(`"${text}" is out of range for ${spec.name} (${spec.min}-${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names.at(-1)}` : ''}).`);
  return n;
}
