import { useEffect, useState } from 'preact/hooks';
import { api } from './api/http';
import type { AuthConfig, Me } from './api/types';
import { completeSignIn } from './auth/oidc';
import { currentSession, endSession, onSessionChange, type Session } from './auth/session';
import { SignIn } from './auth/SignIn';
import { PlaybooksView } from './playbooks/PlaybooksView';
import { ProjectsView } from './projects/ProjectsView';
import { ProjectView } from './projects/ProjectView';
import { href, useRoute } from './router';
import { TaskView } from './task/TaskView';
import { TasksView } from './tasks/TasksView';
import { ErrorNotice, Loading } from './ui/Notice';

/** Signs the user in (finishing an SSO return first), then shows the view the hash names. */
export function App() {
  const [config, setConfig] = useState<AuthConfig>();
  const [session, setSession] = useState<Session | null>(currentSession);
  const [reason, setReason] = useState<string>();
  const [error, setError] = useState<unknown>();

  useEffect(() => onSessionChange((s, why) => (setSession(s), setReason(why))), []);
  useEffect(() => {
    completeSignIn()
      .catch((e: Error) => setReason(e.message))
      .then(() => api<AuthConfig>('/auth/config'))
      .then(setConfig, setError);
  }, []);

  if (error) return <main id="main"><ErrorNotice error={error} /></main>;
  if (!config) return <main id="main"><Loading what="Relia" /></main>;
  if (!session) return <SignIn config={config} reason={reason} />;
  return <SignedIn session={session} />;
}

function SignedIn({ session }: { session: Session }) {
  const [me, setMe] = useState<Me>();
  useEffect(() => void api<Me>('/auth/me').then(setMe, () => undefined), [session.token]);
  const route = useRoute();
  const [section] = route.parts;
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>Skip to content</a>
      <header class="top">
        <a class="brand" href={href('tasks')}>Relia</a>
        <nav aria-label="Sections">
          <a href={href('tasks')} aria-current={!section || section === 'tasks' ? 'page' : undefined}>Tasks</a>
          <a href={href('projects')} aria-current={section === 'projects' ? 'page' : undefined}>Projects</a>
          <a href={href('playbooks')} aria-current={section === 'playbooks' ? 'page' : undefined}>Playbooks</a>
          <a href="/docs">API</a>
        </nav>
        <div class="user">
          <span>{me?.user_id ?? '…'}{me?.is_admin ? ' (admin)' : ''}</span>
          {session.kind === 'development' && <span class="badge dev" title="A development token">dev</span>}
          <button type="button" onClick={() => endSession('You signed out.')}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Routed parts={route.parts} params={route.params} me={me} />
      </main>
    </>
  );
}

function Routed({ parts, params, me }: { parts: string[]; params: URLSearchParams; me?: Me }) {
  const [section, id] = parts;
  if (section === 'tasks' && id) return <TaskView id={id} params={params} />;
  if (section === 'projects' && id) return <ProjectView id={id} params={params} />;
  if (section === 'projects') return <ProjectsView />;
  if (section === 'playbooks') return <PlaybooksView />;
  if (!section || section === 'tasks') return <TasksView me={me} params={params} />;
  return <p class="notice error" role="alert">Not found</p>;
}
