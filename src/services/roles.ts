/** Which roles a person held on a given day, from affiliations whose dates may be partial or unknown. */
import type { AffiliationRow } from './types.js';

/** The last day of the period a partial date stands for (its stored date is the first day). */
function periodEnd(date: Date, precision: string | null): Date {
  const d = new Date(date);
  if (precision === 'YEAR') d.setUTCFullYear(d.getUTCFullYear() + 1);
  else if (precision === 'MONTH') d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCDate(d.getUTCDate() + 1);
  return new Date(d.getTime() - 1);
}

/**
 * Roles whose interval includes `day`. A partial date counts for its whole period, and an unknown
 * start or end counts as open: a role stated without dates is taken as held, not ruled out.
 */
export function rolesHeldOn(affiliations: readonly AffiliationRow[], day: Date): AffiliationRow[] {
  return affiliations.filter((a) => {
    const started = !a.validFrom || a.validFrom.getTime() <= day.getTime();
    const notEnded = !a.validTo || periodEnd(a.validTo, a.validToPrecision).getTime() >= day.getTime();
    return started && notEnded;
  });
}

/** The single most specific role held on `day`: one with a known start beats an open-ended one. */
export function roleOn(affiliations: readonly AffiliationRow[], day: Date): AffiliationRow | null {
  const held = rolesHeldOn(affiliations, day);
  held.sort((x, y) => (y.validFrom?.getTime() ?? -Infinity) - (x.validFrom?.getTime() ?? -Infinity));
  return held[0] ?? null;
}
