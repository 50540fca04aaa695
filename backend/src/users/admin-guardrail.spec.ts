import { adminGuardrailProblem, type UserStatus } from './admin-guardrail';

const admin = (id: string): UserStatus => ({ id, role: 'ADMIN', active: true });

describe('adminGuardrailProblem', () => {
  it('refuses an admin demoting or deactivating themselves, even when other admins exist', () => {
    const activeAdminIds = ['a', 'b'];
    expect(adminGuardrailProblem({ actorId: 'a', target: admin('a'), change: { role: 'VIEWER' }, activeAdminIds })).toMatch(/yourself/);
    expect(adminGuardrailProblem({ actorId: 'a', target: admin('a'), change: { active: false }, activeAdminIds })).toMatch(/yourself/);
  });

  it('lets an admin change their own password or keep their role', () => {
    expect(adminGuardrailProblem({ actorId: 'a', target: admin('a'), change: {}, activeAdminIds: ['a'] })).toBeUndefined();
    expect(
      adminGuardrailProblem({ actorId: 'a', target: admin('a'), change: { role: 'ADMIN', active: true }, activeAdminIds: ['a'] }),
    ).toBeUndefined();
  });

  it('lets an admin demote another admin while one remains', () => {
    expect(
      adminGuardrailProblem({ actorId: 'a', target: admin('b'), change: { role: 'RESPONDER' }, activeAdminIds: ['a', 'b'] }),
    ).toBeUndefined();
  });

  it('refuses removing the last active admin (the actor was demoted meanwhile)', () => {
    expect(adminGuardrailProblem({ actorId: 'a', target: admin('b'), change: { active: false }, activeAdminIds: ['b'] })).toMatch(
      /no active admin/,
    );
  });

  it('ignores changes to users who are not active admins', () => {
    const viewer: UserStatus = { id: 'v', role: 'VIEWER', active: true };
    const formerAdmin: UserStatus = { id: 'f', role: 'ADMIN', active: false };
    expect(adminGuardrailProblem({ actorId: 'a', target: viewer, change: { active: false }, activeAdminIds: [] })).toBeUndefined();
    expect(adminGuardrailProblem({ actorId: 'a', target: formerAdmin, change: { role: 'VIEWER' }, activeAdminIds: [] })).toBeUndefined();
  });
});
