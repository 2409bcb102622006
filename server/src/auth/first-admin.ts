import { AuthService } from './auth.service';

/**
 * On an empty database: the first admin (auth.service.ts `bootstrap`), whose one-time password is printed once. In
 * demo mode the demo prints its own sign-in (a fresh password each start), which replaces this one at once.
 */
/** The settings the first start reads (config.ts `Config` has them). */
interface FirstAdminConfig {
  demo: boolean;
  auth: { adminEmail: string; bootstrapToken: string | null; adminPassword: string | null };
}

export async function bootstrapFirstAdmin(
  auth: AuthService,
  config: FirstAdminConfig,
  log: (m: string) => void,
): Promise<void> {
  const firstAdmin = await auth.bootstrap(
    config.auth.adminEmail,
    config.auth.bootstrapToken,
    config.auth.adminPassword,
  );
  if (firstAdmin?.password && !config.demo) {
    log(`First start: created the admin ${firstAdmin.email} with the one-time password ${firstAdmin.password}`);
    log('  Sign in at /login and change it (Account → Change password). It is not shown again.');
  }
}
