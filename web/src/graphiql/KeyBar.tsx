/** The bar above GraphiQL: where you are, the way back to Sandbox and the explorer, and the API key. */
import { useState, type FormEvent } from 'react';
import { apiKey, setApiKey } from '../lib/settings';

export function KeyBar({ fallback }: { fallback: boolean }) {
  const [key, setKey] = useState(apiKey());
  const [saved, setSaved] = useState(false);
  const save = (e: FormEvent) => {
    e.preventDefault();
    setApiKey(key);
    setSaved(true);
  };
  return (
    <header className="ng-bar">
      <strong>newsgraph · GraphiQL</strong>
      <span className="ng-note">
        {fallback ? 'Apollo Sandbox could not be loaded (offline?), so this is the local GraphiQL. ' : 'Local GraphiQL, served by this server. '}
        <a href="/graphql">Try Apollo Sandbox</a> · <a href="/">Explorer</a>
      </span>
      <form className="ng-key" onSubmit={save}>
        <label htmlFor="ng-api-key">API key</label>
        <input
          id="ng-api-key"
          type="password"
          autoComplete="off"
          placeholder="for private servers"
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            setSaved(false);
          }}
        />
        <button type="submit">Save</button>
        <span role="status">{saved ? (key ? 'Saved: sent as Authorization: Bearer' : 'Cleared') : ''}</span>
      </form>
    </header>
  );
}
