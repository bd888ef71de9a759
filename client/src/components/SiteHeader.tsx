import { Link } from "./Link.tsx";

type SiteHeaderProps = { pathname: string };

const pages = [
  { href: "/", label: "Battle" },
  { href: "/leaderboard", label: "Leaderboard" },
];

export function SiteHeader({ pathname }: SiteHeaderProps) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href="/" className="brand">
          Arena
        </Link>
        <nav aria-label="Main">
          <ul className="nav-links">
            {pages.map((page) => (
              <li key={page.href}>
                <Link href={page.href} aria-current={page.href === pathname ? "page" : undefined}>
                  {page.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </header>
  );
}
