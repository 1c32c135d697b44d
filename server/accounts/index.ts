// The accounts module's front door: what other modules may use. Everything else in this folder is
// its own business.
export { insertApiToken } from './api-tokens.repo';
export { readBusinessSettings } from './business-settings';
export { readHoursInForce, type HoursInForce } from './working-hours';
export { serviceTargetsOf, type ServiceTargets } from './service-targets';
export { findBusinessByName, insertBusiness } from './businesses.repo';
export { findDepartmentByCode, findDepartmentInBusiness, insertDepartmentUnlessCodeTaken, listDepartmentsOfBusiness } from './departments.repo';
export { hashPassword } from './passwords';
export { hashSecret, newSecret } from './secrets';
export {
  departmentIdsByUser,
  findUserInBusiness,
  insertUserUnlessEmailTaken,
  listEnabledOperators,
  replaceUserDepartments,
  setStatusIfDifferent,
  userNames,
} from './users.repo';
