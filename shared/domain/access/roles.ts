/** What a key may do. `platform` may create tenants; every role may read. */
export const ROLES = ['platform', 'admin', 'manager', 'writer', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a route accepts, listed explicitly (admin included where it applies), or `any` for reads. */
export type RoleRequirement = readonly Role[] | 'any';

export function rolesAllow(held: readonly Role[], required: RoleRequirement): boolean {
  if (required === 'any') return held.length > 0;
  return held.some((role) => required.includes(role));
}
