// MLPM Orchestrator: the "ML state" tab on a process instance in Cockpit. It reads the project of
// the instance (its business key) from the domain API with the Cockpit login and shows the data
// verdict, the latest metrics against the success criteria, the model versions and the latest
// health check. Everything is written as text (no HTML from data), so nothing a charter or a
// column name holds can become markup here.

const el = (tag, content, className) => {
  const node = document.createElement(tag);
  if (content !== undefined && content !== null) {
    node.textContent = String(content);
  }
  if (className) {
    node.className = className;
  }
  return node;
};

const link = (href, content) => {
  const a = el('a', content);
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener';
  return a;
};

const table = (headers, rows) => {
  const t = el('table', null, 'table table-bordered table-condensed mlpm-table');
  const head = t.createTHead().insertRow();
  headers.forEach(h => head.appendChild(el('th', h)));
  const body = t.createTBody();
  rows.forEach(cells => {
    const row = body.insertRow();
    cells.forEach(c => {
      const cell = row.insertCell();
      if (c instanceof Node) {
        cell.appendChild(c);
      } else {
        cell.textContent = c === null || c === undefined ? '—' : String(c);
      }
    });
  });
  return t;
};

async function get(url) {
  const response = await fetch(url, {credentials: 'same-origin', headers: {Accept: 'application/json'}});
  if (!response.ok) {
    let message = 'HTTP ' + response.status;
    try {
      message = (await response.json()).message || message;
    } catch (e) {
      // not JSON: keep the status
    }
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

function section(title, ...children) {
  const s = el('section', null, 'mlpm-section');
  s.appendChild(el('h4', title));
  children.filter(c => c).forEach(c => s.appendChild(c));
  return s;
}

async function view(api, processInstanceId) {
  const instance = await get(api.engineApi + '/process-instance/' + encodeURIComponent(processInstanceId));
  const key = instance.businessKey;
  if (!key) {
    return el('p', 'This process instance carries no project key.');
  }
  const base = '/api/projects/' + encodeURIComponent(key);
  const [project, models, health] = await Promise.all([
    get(base),
    get(base + '/models'),
    get(base + '/health').catch(e => (e.status === 404 ? null : Promise.reject(e)))
  ]);
  const root = el('div', null, 'mlpm-ml-state');
  const title = el('p');
  title.appendChild(el('strong', project.name));
  title.appendChild(document.createTextNode(' (' + key + ') · phase ' + project.phase + ' · ' + project.status + ' · '));
  title.appendChild(link(base + '/history.html', 'history'));
  title.appendChild(document.createTextNode(' · '));
  title.appendChild(link('/api/projects.html', 'portfolio'));
  root.appendChild(title);

  const quality = project.dataQuality;
  root.appendChild(section('Data', quality
    ? table(['Verdict', 'Dataset', 'SHA-256', 'Findings', 'Report'], [[quality.verdict, quality.datasetUri,
        quality.datasetSha256 ? quality.datasetSha256.substring(0, 16) + '…' : null,
        (quality.findings || []).length, link(quality.report, 'data report')]])
    : el('p', 'Not checked yet.')));

  const criteria = project.criteria || [];
  root.appendChild(section('Latest metrics against the criteria', project.latestModelId
    ? table(['Criterion', 'Value', 'Verdict'], criteria.map(c => [c.metric + ' ' + c.operator + ' ' + c.threshold,
        c.value === null || c.value === undefined ? 'not computed' : Number(c.value).toFixed(4),
        c.met ? 'met' : 'NOT met']))
    : el('p', 'No model evaluated yet.'),
    project.latestModelId ? link(project.modelCard, 'model card of ' + project.latestAlgorithm) : null));

  const versions = (models.models || []).slice().sort((a, b) => b.id - a.id);
  root.appendChild(section('Model versions', versions.length
    ? table(['Model', 'Version', 'Stage', 'Iteration', 'Algorithm', 'Criteria', 'Card'], versions.map(m => [m.id,
        m.version, m.stage, m.iteration, m.algorithm,
        m.criteriaMet === null || m.criteriaMet === undefined ? 'not evaluated' : m.criteriaMet ? 'met' : 'NOT met',
        link(m.modelCard, 'card')]))
    : el('p', 'No model trained yet.')));

  root.appendChild(section('Health', health
    ? table(['Verdict', 'Checked at', 'Drift'], [[health.verdict, health.createdAt,
        health.driftChart ? link(health.driftChart, 'drift chart') : null]])
    : el('p', project.modelVersion ? 'Not checked yet.' : 'No model in production.')));
  return root;
}

export default {
  id: 'mlpm-ml-state',
  pluginPoint: 'cockpit.processInstance.runtime.tab',
  priority: 20,
  properties: {label: 'ML state'},
  render: (node, {api, processInstanceId}) => {
    node.replaceChildren(el('p', 'Reading the project…'));
    view(api, processInstanceId)
      .then(content => node.replaceChildren(content))
      .catch(e => node.replaceChildren(el('p', 'The project could not be read: ' + e.message, 'mlpm-error')));
  }
};
