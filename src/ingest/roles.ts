/**
 * Role families: the coarse groups pullcheck compares between buyers (CRM contacts) and
 * users (product users). A job title maps to a family by keyword; an explicit `role` column
 * wins over the title. Unmatched titles are `other`, which persona metrics ignore.
 */
import { memoByString } from '../core/memo.js';

export const ROLE_FAMILIES = ['exec', 'manager', 'practitioner', 'it', 'procurement', 'other'] as const;
export type RoleFamily = (typeof ROLE_FAMILIES)[number];

// Order matters: the first family whose pattern matches wins, so "IT Director" is it, and
// "Procurement Manager" is procurement, not manager.
const RULES: Array<[RoleFamily, RegExp]> = [
  ['procurement', /\b(procurement|purchasing|buyer|sourcing|vendor management|category manager)\b/],
  ['it', /\b(it|information technology|sysadmin|system administrator|systems administrator|it administrator|admin(istrator)?|security|infosec|helpdesk|help desk|devops|infrastructure|network)\b/],
  ['exec', /\b(ceo|cto|cfo|coo|cio|cmo|cro|cpo|ciso|chief|founder|co-founder|cofounder|owner|president|vp|vice president|svp|evp|head of|partner|managing director|general manager)\b/],
  ['manager', /\b(director|manager|mgr|lead|supervisor|team lead|principal)\b/],
  ['practitioner', /\b(engineer|developer|analyst|designer|specialist|associate|representative|rep|coordinator|consultant|scientist|accountant|agent|operator|administrator|assistant|marketer|writer|planner|technician|architect|recruiter|executive assistant|staff|member)\b/],
];

export function roleFromTitle(title: string | null | undefined): RoleFamily {
  return title ? familyOfTitle(title) : 'other';
}

// Titles repeat across users and contacts: each distinct one is matched once.
const familyOfTitle = memoByString((title: string): RoleFamily => {
  const t = title.toLowerCase().replace(/[.,/&|()]+/g, ' ');
  for (const [family, pattern] of RULES) if (pattern.test(t)) return family;
  return 'other';
});

/** An explicit role value: accept the family names (and a few synonyms); else fall back to the title. */
export function normaliseRole(role: string | null | undefined, title: string | null | undefined): RoleFamily {
  if (role) {
    const r = role.trim().toLowerCase();
    if ((ROLE_FAMILIES as readonly string[]).includes(r)) return r as RoleFamily;
    const fromRole = roleFromTitle(r);
    if (fromRole !== 'other') return fromRole;
  }
  return roleFromTitle(title);
}
