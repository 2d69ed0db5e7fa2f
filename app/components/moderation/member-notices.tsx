/** What the moderation told this member since their last visit (shown once). */
export function MemberNotices({ notices }: { notices: { id: number; body: string }[] }) {
  if (notices.length === 0) return null;
  return (
    <div className="alert alert--info member-notices" role="status">
      <p>
        <strong>Message de la modération</strong>
      </p>
      <ul>
        {notices.map((n) => (
          <li key={n.id}>{n.body}</li>
        ))}
      </ul>
    </div>
  );
}
