import { CreateDepartmentBody, DepartmentList, DepartmentResponse, UpdateDepartmentBody } from '../../contracts/accounts';
import { IdParam, Ok } from '../../contracts/common';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { presentDepartment } from './accounts.presenter';
import { createDepartment } from './create-department';
import { deleteDepartment } from './delete-department';
import { listDepartments } from './list-departments';
import { updateDepartment } from './update-department';

/** Departments (operator groups addressed by code), managed by admins. */
export function departmentsRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/departments', { schema: { tags: ['departments'], response: { 200: DepartmentList } } }, async (req) => {
    const rows = await listDepartments(ctx, { actor: requireActor(req) });
    return { departments: rows.map(presentDepartment) };
  });

  app.post(
    '/api/v1/departments',
    { schema: { tags: ['departments'], body: CreateDepartmentBody, response: { 201: DepartmentResponse } } },
    async (req, reply) => {
      const d = await createDepartment(ctx, { actor: requireActor(req), ...req.body });
      return reply.status(201).send({ department: presentDepartment(d) });
    },
  );

  app.patch(
    '/api/v1/departments/:id',
    { schema: { tags: ['departments'], params: IdParam, body: UpdateDepartmentBody, response: { 200: DepartmentResponse } } },
    async (req) => {
      const d = await updateDepartment(ctx, { actor: requireActor(req), departmentId: req.params.id, ...req.body });
      return { department: presentDepartment(d) };
    },
  );

  app.delete('/api/v1/departments/:id', { schema: { tags: ['departments'], params: IdParam, response: { 200: Ok } } }, async (req) => {
    await deleteDepartment(ctx, { actor: requireActor(req), departmentId: req.params.id });
    return { ok: true as const };
  });
}
