"use client";
import { useMemo, useState, useSyncExternalStore } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { STATUS_LABEL, STATUS_TONE, type AccountStatus } from "@/lib/dashboard/account-status";
import { GROUP_PAGE, groupAccounts, layoutAccessMap, NODE_H, NODE_W, type AccessMapAccount, type AccessMapData, type AccessMapGroup, type AccessMapView, type LinkState, type MapEdge, type MapNode } from "@/lib/dashboard/access-map";

const STATE_STYLE: Record<LinkState, { stroke: string; fill: string; text: string; dash?: string; label: string }> = {
  passed: { stroke: "#059669", fill: "#ecfdf5", text: "#065f46", label: "passed" },
  failed: { stroke: "#dc2626", fill: "#fef2f2", text: "#991b1b", label: "failed" },
  drift: { stroke: "#d97706", fill: "#fffbeb", text: "#92400e", label: "drift" },
  untested: { stroke: "#64748b", fill: "#f8fafc", text: "#334155", dash: "4 4", label: "not tested" },
  unreached: { stroke: "#cbd5e1", fill: "#ffffff", text: "#64748b", dash: "2 5", label: "not reached" },
};

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function Edge({ edge }: { edge: MapEdge }) {
  const s = STATE_STYLE[edge.state];
  const mx = (edge.x1 + edge.x2) / 2;
  const my = (edge.y1 + edge.y2) / 2;
  return (
    <g data-testid="map-edge" data-key={edge.key} data-state={edge.state}>
      <path d={`M${edge.x1},${edge.y1} C${mx},${edge.y1} ${mx},${edge.y2} ${edge.x2},${edge.y2}`} fill="none" stroke={s.stroke} strokeWidth={edge.state === "failed" ? 3 : 1.75} strokeDasharray={s.dash} />
      {edge.state === "failed" ? (
        <g transform={`translate(${mx},${my})`}>
          <circle r="8" fill="#dc2626" />
          <path d="M-3,-3 L3,3 M3,-3 L-3,3" stroke="white" strokeWidth="2" />
        </g>
      ) : null}
    </g>
  );
}

function Box({ node, width, onActivate }: { node: Extract<MapNode, { state: LinkState }>; width: number; onActivate?: () => void }) {
  const s = STATE_STYLE[node.state];
  const interactive = onActivate !== undefined;
  return (
    <g
      transform={`translate(${node.x},${node.y})`}
      data-testid={`map-node-${node.kind}`}
      data-key={node.key}
      data-state={node.state}
      onClick={onActivate}
      className={interactive ? "cursor-pointer" : undefined}
    >
      <title>{`${node.label} — ${node.sublabel} (${s.label})`}</title>
      <rect width={width} height={NODE_H} rx="8" fill={s.fill} stroke={s.stroke} strokeWidth={node.state === "failed" ? 2.5 : 1.5} strokeDasharray={s.dash} />
      <text x="10" y="15" fontSize="12" fontWeight="600" fill={s.text}>{clip(node.label, Math.floor(width / 7.2))}</text>
      <text x="10" y="29" fontSize="10.5" fill="#475569">{clip(node.sublabel, Math.floor(width / 6.2))}</text>
    </g>
  );
}

function Diagram({ data, groups, onToggle, onMore }: { data: AccessMapData; groups: AccessMapGroup[]; onToggle: (s: AccountStatus) => void; onMore: (s: AccountStatus) => void }) {
  const layout = useMemo(() => layoutAccessMap(data, groups), [data, groups]);
  return (
    // Focusable and named: on a narrow screen the diagram scrolls sideways, which a keyboard must be able to do too.
    <div className="overflow-x-auto" data-testid="access-map-diagram" tabIndex={0} role="region" aria-label="Access map diagram (scrolls sideways)">
      <svg viewBox={`0 0 ${layout.width} ${layout.height}`} width={layout.width} height={layout.height} className="min-w-[720px] max-w-none font-sans" role="img" aria-label={`Access map of ${data.connection.name}: the collector user, its read-roles policies, and the role and inventory policy of each target account. The same information is listed below.`}>
        {layout.edges.map((e) => (
          <Edge key={e.key} edge={e} />
        ))}
        {layout.nodes.map((n) => {
          switch (n.kind) {
            case "label":
              return (
                <text key={n.key} x={n.x} y={n.y + 18} fontSize="12" fontWeight="600" fill="#334155" data-testid="map-group-label">
                  {n.label}
                  <tspan fill="#2563eb" dx="10" className="cursor-pointer" onClick={() => onToggle(n.status)}>
                    {groups.find((g) => g.status === n.status)?.expanded ? "collapse" : "expand"}
                  </tspan>
                </text>
              );
            case "group":
              return <Box key={n.key} node={n} width={n.w} onActivate={() => onToggle(n.status)} />;
            case "more":
              return (
                <g key={n.key} transform={`translate(${n.x},${n.y})`} className="cursor-pointer" onClick={() => onMore(n.status)} data-testid="map-node-more">
                  <rect width={n.w} height={NODE_H} rx="8" fill="#f8fafc" stroke="#cbd5e1" strokeDasharray="4 4" />
                  <text x={n.w / 2} y="22" textAnchor="middle" fontSize="12" fill="#1d4ed8">{n.label}</text>
                </g>
              );
            default:
              return <Box key={n.key} node={n} width={NODE_W} />;
          }
        })}
      </svg>
    </div>
  );
}

function linkSentence(a: AccessMapAccount, data: AccessMapData, policyName: string): string {
  const [up, role, inv] = a.links.map((l) => STATE_STYLE[l].label);
  return `${data.names.user} → ${policyName}: ${up}; assume ${data.names.role}: ${role}; ${data.names.inventoryPolicy}: ${inv}.`;
}

function TextAlternative({ data, groups, onToggle, onMore }: { data: AccessMapData; groups: AccessMapGroup[]; onToggle: (s: AccountStatus) => void; onMore: (s: AccountStatus) => void }) {
  return (
    <section aria-labelledby="map-list-title" className="border-t border-slate-100 px-5 py-4" data-testid="access-map-list">
      <h2 id="map-list-title" className="text-sm font-semibold text-slate-900">Accounts, link by link</h2>
      <p className="mt-1 text-xs text-slate-500">
        {data.names.user}
        {data.connection.homeAccountId ? ` (home account ${data.connection.homeAccountId})` : ""} may assume the role through {data.policies.map((p) => `${p.name} (${p.roleCount} role ARN${p.roleCount === 1 ? "" : "s"})`).join(", ")}.
      </p>
      {groups.length === 0 ? <p className="mt-3 text-sm text-slate-500" data-testid="access-map-no-match">No account matches.</p> : null}
      {groups.map((g) => (
        <div key={g.status} className="mt-4" data-testid="map-group" data-status={g.status}>
          <h3 className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-800">
            <Badge tone={STATUS_TONE[g.status]}>{STATUS_LABEL[g.status]}</Badge>
            <span>{g.accounts.length} account{g.accounts.length === 1 ? "" : "s"}</span>
            <Button type="button" variant="ghost" size="sm" aria-expanded={g.expanded} onClick={() => onToggle(g.status)} data-testid={`map-toggle-${g.status}`}>
              {g.expanded ? "Collapse" : "Expand"}
            </Button>
          </h3>
          {g.expanded ? (
            <ul className="mt-2 divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200">
              {g.visible.map((a) => (
                <li key={a.accountId} className="px-3 py-2 text-sm [overflow-wrap:anywhere]" data-testid="map-account" data-account={a.accountId} data-status={a.status}>
                  <p>
                    <span className="font-mono font-medium">{a.accountId}</span>
                    {a.name ? <span className="text-slate-500"> · {a.name}</span> : null}
                  </p>
                  <p className="text-xs text-slate-600">{linkSentence(a, data, data.policies[a.policyIndex]?.name ?? data.names.readRolesPolicy)}</p>
                  {a.status === "failing" && a.reason ? <p className="mt-1 text-xs text-red-800" data-testid="map-account-reason">{a.reason}{a.fix ? <span className="text-slate-600"> Fix: {a.fix}</span> : null}</p> : null}
                  {a.drift.map((f, i) => (
                    <p key={`${f.rule}-${i}`} className="mt-1 text-xs text-amber-900" data-testid="map-account-drift">
                      Drift (step {f.step}): {f.message} <span className="text-slate-600">Fix: {f.fix}</span>
                    </p>
                  ))}
                </li>
              ))}
            </ul>
          ) : null}
          {g.expanded && g.visible.length < g.accounts.length ? (
            <Button type="button" variant="secondary" size="sm" className="mt-2" onClick={() => onMore(g.status)} data-testid={`map-more-${g.status}`}>
              Show {Math.min(GROUP_PAGE, g.accounts.length - g.visible.length)} more of {g.accounts.length - g.visible.length}
            </Button>
          ) : null}
        </div>
      ))}
    </section>
  );
}

function Legend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Legend">
      {(Object.keys(STATE_STYLE) as LinkState[]).map((s) => (
        <li key={s} className="flex items-center gap-1.5">
          <svg width="22" height="8" aria-hidden="true"><line x1="0" y1="4" x2="22" y2="4" stroke={STATE_STYLE[s].stroke} strokeWidth="2.5" strokeDasharray={STATE_STYLE[s].dash} /></svg>
          {STATE_STYLE[s].label}
        </li>
      ))}
    </ul>
  );
}

const noopSubscribe = () => () => {};

/**
 * The interactive access map: a diagram for the eye and the same content as a list for screen
 * readers and phones. Filtering and grouping are local state; the data came from the server once.
 */
export function AccessMap({ data, initialOnlyProblems = false }: { data: AccessMapData; initialOnlyProblems?: boolean }) {
  const [view, setView] = useState<AccessMapView>({ search: "", onlyProblems: initialOnlyProblems, expanded: {}, shown: {} });
  const groups = useMemo(() => groupAccounts(data, view), [data, view]);
  const toggle = (status: AccountStatus) =>
    setView((v) => ({ ...v, expanded: { ...v.expanded, [status]: !(groups.find((g) => g.status === status)?.expanded ?? false) } }));
  const more = (status: AccountStatus) => setView((v) => ({ ...v, shown: { ...v.shown, [status]: (v.shown[status] ?? GROUP_PAGE) + GROUP_PAGE } }));
  const setAll = (open: boolean) => setView((v) => ({ ...v, expanded: Object.fromEntries(groups.map((g) => [g.status, open])) }));
  const problems = data.accounts.filter((a) => a.status === "failing" || a.status === "drift").length;
  // False in the server render, true once hydrated: tests (and nothing else) wait for it before clicking.
  const hydrated = useSyncExternalStore(noopSubscribe, () => true, () => false);

  return (
    <div data-testid="access-map" data-hydrated={hydrated}>
      <div className="flex flex-wrap items-end gap-3 px-5 py-4">
        <label className="block min-w-48 flex-1">
          <span className="text-xs font-medium text-slate-600">Find an account</span>
          <input
            type="search"
            value={view.search}
            onChange={(e) => setView((v) => ({ ...v, search: e.target.value }))}
            placeholder="Account id or name"
            className="mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500"
            data-testid="map-search"
          />
        </label>
        <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
          <input type="checkbox" checked={view.onlyProblems} onChange={(e) => setView((v) => ({ ...v, onlyProblems: e.target.checked }))} className="h-4 w-4 rounded border-slate-300" data-testid="map-only-problems" />
          Show only failing and drift ({problems})
        </label>
        <div className="flex gap-2 pb-1">
          <Button type="button" variant="secondary" size="sm" onClick={() => setAll(true)} data-testid="map-expand-all">Expand all</Button>
          <Button type="button" variant="secondary" size="sm" onClick={() => setAll(false)} data-testid="map-collapse-all">Collapse all</Button>
        </div>
      </div>
      <div className={cn("border-t border-slate-100 px-5 py-3")}>
        <Legend />
      </div>
      <Diagram data={data} groups={groups} onToggle={toggle} onMore={more} />
      <TextAlternative data={data} groups={groups} onToggle={toggle} onMore={more} />
    </div>
  );
}
