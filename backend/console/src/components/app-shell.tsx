import { NavLink, Outlet } from 'react-router';
import { NAVIGATION } from '../navigation';
import { useSession } from '../session/session-context';
import { LiveIndicator } from './live-indicator';

/** Header with navigation, the signed-in user and sign-out; the screen below. */
export function AppShell() {
  const { user, can, signOut } = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="app-name">Incident console</span>
        <nav aria-label="Main">
          <ul className="nav-list">
            {NAVIGATION.filter((item) => !item.requires || can(item.requires)).map((item) => (
              <li key={item.path}>
                <NavLink to={item.path} className="nav-link">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="app-user">
          <LiveIndicator />
          <span className="user-name">
            {user.email} <span className="badge role-badge">{user.role}</span>
          </span>
          <button type="button" className="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
