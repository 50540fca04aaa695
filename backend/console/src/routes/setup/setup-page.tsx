import { NavLink, Outlet } from 'react-router';
import './setup.css';

const SECTIONS = [
  { path: '/setup/rules', label: 'Detection rules' },
  { path: '/setup/channels', label: 'Notification channels' },
  { path: '/setup/users', label: 'Users' },
  { path: '/setup/api-keys', label: 'API keys' },
  { path: '/setup/sign-in-methods', label: 'Sign-in methods' },
  { path: '/setup/audit', label: 'Audit trail' },
];

/** Setup (ADMIN): a sub-navigation and the section below it; each section is its own deep link. */
export function SetupPage() {
  return (
    <div className="setup">
      <nav aria-label="Setup sections">
        <ul className="tabs">
          {SECTIONS.map((section) => (
            <li key={section.path}>
              <NavLink to={section.path} className="tab">
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
