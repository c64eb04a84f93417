/**
 * Role families: the coarse groups pullcheck compares between buyers (CRM contacts) and
 * users (product users). A job title maps to a family by keyword; an explicit `role` column
 * wins over the title. Unmatched titles are `other`, which persona metrics ignore.
 */
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

// Titles repeat across users and contacts: each distinct one is matched once (bounded).
const TITLE_CACHE_MAX = 10_000;
const titleCache = new Map<string, RoleFamily>();

export function roleFromTitle(title: string | null | undefined): RoleFamily {
  if (!title) return 'other';
  const known = titleCache.get(title);
  if (known !== undefined) return known;
  const t = title.toLowerCase().replace(/[.,/&|()]+/g, ' ');
  let family: RoleFamily = 'other';
  for (const [candidate, pattern] of RULES) {
    if (pattern.test(t)) {
      family = candidate;
      break;
    }
  }
  if (titleCache.size >= TITLE_CACHE_MAX) titleCache.clear();
  titleCache.set(title, family);
  return family;
}

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
