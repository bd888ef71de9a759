/**
 * The console's words in English, French and Chinese. They load with the console's own chunk, so
 * voters never download them; the interface language is the page's (the header's switcher).
 */
import { type UiLanguage, useT } from "../i18n/index.ts";

type Range = { first: string; last: string; total: string };

export type AdminText = {
  title: string;
  signIn: { heading: string; intro: string; token: string; submit: string; signOut: string; checking: string };
  errors: { wrongToken: string; disabled: string; network: string; failed: (p: { message: string }) => string };
  sessions: {
    heading: string;
    intro: string;
    order: string;
    byVotes: string;
    byRecent: string;
    session: string;
    votes: string;
    counted: string;
    firstVote: string;
    lastVote: string;
    standing: string;
    pValue: string;
    actions: string;
    none: string;
    counting: string;
    excludedBy: (p: { source: string }) => string;
    restoredBy: (p: { source: string }) => string;
    admin: string;
    anomaly: string;
    exclude: string;
    restore: string;
    reason: string;
    confirmExclude: string;
    confirmRestore: string;
    cancel: string;
    excluded: (p: { session: string }) => string;
    restored: (p: { session: string }) => string;
    empty: string;
  };
  pages: { label: string; previous: string; next: string; range: (p: Range) => string };
  uncounted: {
    heading: string;
    intro: string;
    battle: string;
    models: string;
    winner: string;
    language: string;
    votedAt: string;
    why: string;
    empty: string;
  };
  check: {
    heading: string;
    intro: string;
    run: string;
    running: string;
    result: (p: { sessions: string; tested: string; excluded: string; newly: string; cleared: string }) => string;
  };
  models: {
    heading: string;
    intro: string;
    model: string;
    kind: string;
    pack: string;
    live: string;
    status: string;
    available: string;
    coolingUntil: (p: { time: string }) => string;
    streams: string;
    waiting: string;
    answered: string;
    failed: string;
    failuresInARow: string;
    latency: string;
    latencyValue: (p: { median: string; p90: string; samples: string }) => string;
    empty: string;
  };
  judges: {
    heading: string;
    intro: string;
    judge: string;
    model: string;
    queued: string;
    inFlight: string;
    judged: string;
    failed: string;
    lastError: string;
    state: string;
    resting: (p: { time: string }) => string;
    working: string;
    retry: string;
    requeued: (p: { count: string; judge: string }) => string;
    none: string;
  };
  exports: { heading: string; intro: string; download: (p: { format: string }) => string; preparing: string };
  refresh: string;
};

const en: AdminText = {
  title: "Console",
  signIn: {
    heading: "Operator’s console",
    intro:
      "Sign in with the server’s ARENA_ADMIN_TOKEN. It is kept for this tab only and sent to nothing but this server’s admin API.",
    token: "Admin token",
    submit: "Sign in",
    signOut: "Sign out",
    checking: "Checking…",
  },
  errors: {
    wrongToken: "That token is not this server’s admin token.",
    disabled: "This server has no admin API: start it with ARENA_ADMIN_TOKEN set.",
    network: "The server cannot be reached.",
    failed: (p) => `The server refused: ${p.message}`,
  },
  sessions: {
    heading: "Voter sessions",
    intro:
      "Every session that voted. Excluding one takes all its votes out of every table at once; restoring brings them back, and the anomaly check then leaves it alone.",
    order: "Order",
    byVotes: "Most votes first",
    byRecent: "Most recent first",
    session: "Session",
    votes: "Votes",
    counted: "Counted",
    firstVote: "First vote",
    lastVote: "Last vote",
    standing: "Standing",
    pValue: "Anomaly p-value",
    actions: "Actions",
    none: "—",
    counting: "Counting",
    excludedBy: (p) => `Excluded (${p.source})`,
    restoredBy: (p) => `Restored (${p.source})`,
    admin: "admin",
    anomaly: "anomaly check",
    exclude: "Exclude…",
    restore: "Restore…",
    reason: "Reason",
    confirmExclude: "Exclude this session",
    confirmRestore: "Restore this session",
    cancel: "Cancel",
    excluded: (p) => `Session ${p.session} is excluded; the tables were rebuilt.`,
    restored: (p) => `Session ${p.session} is restored; the tables were rebuilt.`,
    empty: "No one has voted yet.",
  },
  pages: { label: "Pages", previous: "Previous", next: "Next", range: (p) => `${p.first}–${p.last} of ${p.total}` },
  uncounted: {
    heading: "Votes that do not count",
    intro: "Stored votes left out of the tables, and why.",
    battle: "Battle",
    models: "Models (A – B)",
    winner: "Vote",
    language: "Language",
    votedAt: "Voted at",
    why: "Why",
    empty: "Every stored vote counts.",
  },
  check: {
    heading: "Anomaly check",
    intro:
      "Tests every session for votes that push one model far more than chance explains; it also runs on its own schedule.",
    run: "Run the check now",
    running: "Checking…",
    result: (p) =>
      `Checked ${p.sessions} sessions (${p.tested} tested): ${p.excluded} excluded, ${p.newly} newly, ${p.cleared} cleared.`,
  },
  models: {
    heading: "Models",
    intro: "Where each model’s answers come from and, for live models, how their endpoints behave.",
    model: "Model",
    kind: "Source",
    pack: "pack",
    live: "live",
    status: "Status",
    available: "Available",
    coolingUntil: (p) => `Cooling down until ${p.time}`,
    streams: "Streams",
    waiting: "Waiting",
    answered: "Answered",
    failed: "Failed",
    failuresInARow: "Failures in a row",
    latency: "Whole answer (median · 90th percentile)",
    latencyValue: (p) => `${p.median} · ${p.p90} (${p.samples} answers)`,
    empty: "No models.",
  },
  judges: {
    heading: "Judges",
    intro:
      "The LLM judges' queues: voted battles waiting for each judge, judgings running, and those that ended without a verdict (retry them once the endpoint is fixed).",
    judge: "Judge",
    model: "Endpoint model",
    queued: "Waiting",
    inFlight: "Running",
    judged: "Judged",
    failed: "Failed",
    lastError: "Last error",
    state: "State",
    resting: (p) => `Resting after faults until ${p.time}`,
    working: "Working",
    retry: "Retry failures",
    requeued: (p) => `${p.count} failed judgings of ${p.judge} are queued again.`,
    none: "This arena has no judges (the models file's judges list is empty).",
  },
  exports: {
    heading: "Exports",
    intro: "Every stored battle with its vote, flagged ones included, as FastChat battle files.",
    download: (p) => `Download ${p.format}`,
    preparing: "Preparing the file…",
  },
  refresh: "Refresh",
};

const fr: AdminText = {
  title: "Console",
  signIn: {
    heading: "Console d’administration",
    intro:
      "Connectez-vous avec le ARENA_ADMIN_TOKEN du serveur. Il n’est gardé que pour cet onglet et n’est envoyé qu’à l’API d’administration de ce serveur.",
    token: "Jeton d’administration",
    submit: "Se connecter",
    signOut: "Se déconnecter",
    checking: "Vérification…",
  },
  errors: {
    wrongToken: "Ce jeton n’est pas le jeton d’administration de ce serveur.",
    disabled: "Ce serveur n’a pas d’API d’administration : démarrez-le avec ARENA_ADMIN_TOKEN.",
    network: "Le serveur est injoignable.",
    failed: (p) => `Le serveur a refusé : ${p.message}`,
  },
  sessions: {
    heading: "Sessions de votants",
    intro:
      "Toutes les sessions qui ont voté. En exclure une retire d’un coup tous ses votes de chaque classement ; la rétablir les y remet, et la détection d’anomalies la laisse ensuite tranquille.",
    order: "Ordre",
    byVotes: "Les plus actives d’abord",
    byRecent: "Les plus récentes d’abord",
    session: "Session",
    votes: "Votes",
    counted: "Comptés",
    firstVote: "Premier vote",
    lastVote: "Dernier vote",
    standing: "Statut",
    pValue: "Valeur p d’anomalie",
    actions: "Actions",
    none: "—",
    counting: "Comptée",
    excludedBy: (p) => `Exclue (${p.source})`,
    restoredBy: (p) => `Rétablie (${p.source})`,
    admin: "administration",
    anomaly: "détection d’anomalies",
    exclude: "Exclure…",
    restore: "Rétablir…",
    reason: "Motif",
    confirmExclude: "Exclure cette session",
    confirmRestore: "Rétablir cette session",
    cancel: "Annuler",
    excluded: (p) => `La session ${p.session} est exclue ; les classements ont été recalculés.`,
    restored: (p) => `La session ${p.session} est rétablie ; les classements ont été recalculés.`,
    empty: "Personne n’a encore voté.",
  },
  pages: {
    label: "Pages",
    previous: "Précédent",
    next: "Suivant",
    range: (p) => `${p.first}–${p.last} sur ${p.total}`,
  },
  uncounted: {
    heading: "Votes non comptés",
    intro: "Les votes enregistrés mais laissés hors des classements, et pourquoi.",
    battle: "Duel",
    models: "Modèles (A – B)",
    winner: "Vote",
    language: "Langue",
    votedAt: "Voté le",
    why: "Pourquoi",
    empty: "Tous les votes enregistrés comptent.",
  },
  check: {
    heading: "Détection d’anomalies",
    intro:
      "Cherche les sessions qui poussent un modèle bien plus que le hasard ne l’explique ; elle tourne aussi d’elle-même à intervalles réguliers.",
    run: "Lancer la détection",
    running: "Détection…",
    result: (p) =>
      `${p.sessions} sessions examinées (${p.tested} testées) : ${p.excluded} exclues, dont ${p.newly} nouvelles, ${p.cleared} levées.`,
  },
  models: {
    heading: "Modèles",
    intro:
      "D’où viennent les réponses de chaque modèle et, pour les modèles en direct, comment se portent leurs points d’accès.",
    model: "Modèle",
    kind: "Source",
    pack: "pack",
    live: "en direct",
    status: "État",
    available: "Disponible",
    coolingUntil: (p) => `En pause jusqu’à ${p.time}`,
    streams: "Flux",
    waiting: "En attente",
    answered: "Réponses",
    failed: "Échecs",
    failuresInARow: "Échecs d’affilée",
    latency: "Réponse complète (médiane · 90e centile)",
    latencyValue: (p) => `${p.median} · ${p.p90} (${p.samples} réponses)`,
    empty: "Aucun modèle.",
  },
  judges: {
    heading: "Juges",
    intro:
      "Les files des juges LLM : duels votés en attente de chaque juge, jugements en cours, et ceux qui n’ont pas donné de verdict (à relancer une fois le point d’accès réparé).",
    judge: "Juge",
    model: "Modèle du point d’accès",
    queued: "En attente",
    inFlight: "En cours",
    judged: "Jugés",
    failed: "Échecs",
    lastError: "Dernière erreur",
    state: "État",
    resting: (p) => `En pause après des erreurs jusqu’à ${p.time}`,
    working: "Actif",
    retry: "Relancer les échecs",
    requeued: (p) => `${p.count} jugements échoués de ${p.judge} sont de nouveau en file.`,
    none: "Cette arène n’a pas de juges (la liste judges du fichier de modèles est vide).",
  },
  exports: {
    heading: "Exports",
    intro: "Tous les duels enregistrés avec leur vote, signalés compris, en fichiers de duels FastChat.",
    download: (p) => `Télécharger ${p.format}`,
    preparing: "Préparation du fichier…",
  },
  refresh: "Actualiser",
};

const zh: AdminText = {
  title: "控制台",
  signIn: {
    heading: "运营控制台",
    intro: "请使用服务器的 ARENA_ADMIN_TOKEN 登录。令牌只保存在当前标签页中，只发送给本服务器的管理 API。",
    token: "管理令牌",
    submit: "登录",
    signOut: "退出",
    checking: "正在验证…",
  },
  errors: {
    wrongToken: "该令牌不是本服务器的管理令牌。",
    disabled: "本服务器未启用管理 API：请设置 ARENA_ADMIN_TOKEN 后启动。",
    network: "无法连接服务器。",
    failed: (p) => `服务器拒绝了请求：${p.message}`,
  },
  sessions: {
    heading: "投票会话",
    intro: "所有投过票的会话。排除一个会话会立即把它的全部投票移出所有排行榜；恢复则重新计入，之后异常检测不再处理它。",
    order: "排序",
    byVotes: "投票最多的在前",
    byRecent: "最近的在前",
    session: "会话",
    votes: "投票",
    counted: "已计入",
    firstVote: "首次投票",
    lastVote: "最近投票",
    standing: "状态",
    pValue: "异常 p 值",
    actions: "操作",
    none: "—",
    counting: "计入中",
    excludedBy: (p) => `已排除（${p.source}）`,
    restoredBy: (p) => `已恢复（${p.source}）`,
    admin: "管理员",
    anomaly: "异常检测",
    exclude: "排除…",
    restore: "恢复…",
    reason: "原因",
    confirmExclude: "排除此会话",
    confirmRestore: "恢复此会话",
    cancel: "取消",
    excluded: (p) => `会话 ${p.session} 已排除，排行榜已重新计算。`,
    restored: (p) => `会话 ${p.session} 已恢复，排行榜已重新计算。`,
    empty: "还没有人投票。",
  },
  pages: {
    label: "分页",
    previous: "上一页",
    next: "下一页",
    range: (p) => `第 ${p.first}–${p.last} 条，共 ${p.total} 条`,
  },
  uncounted: {
    heading: "未计入的投票",
    intro: "已保存但未计入排行榜的投票及原因。",
    battle: "对战",
    models: "模型（A – B）",
    winner: "投票",
    language: "语言",
    votedAt: "投票时间",
    why: "原因",
    empty: "所有已保存的投票都已计入。",
  },
  check: {
    heading: "异常检测",
    intro: "检查是否有会话对某个模型的偏向远超偶然所能解释；它也会按计划自动运行。",
    run: "立即检测",
    running: "正在检测…",
    result: (p) =>
      `已检查 ${p.sessions} 个会话（其中 ${p.tested} 个做了检验）：排除 ${p.excluded} 个，新增 ${p.newly} 个，解除 ${p.cleared} 个。`,
  },
  models: {
    heading: "模型",
    intro: "每个模型的回答来源；对在线模型，还显示其接口的运行情况。",
    model: "模型",
    kind: "来源",
    pack: "数据包",
    live: "在线",
    status: "状态",
    available: "可用",
    coolingUntil: (p) => `冷却中，直到 ${p.time}`,
    streams: "并发流",
    waiting: "等待中",
    answered: "已回答",
    failed: "失败",
    failuresInARow: "连续失败",
    latency: "完整回答用时（中位数 · 第 90 百分位）",
    latencyValue: (p) => `${p.median} · ${p.p90}（${p.samples} 个回答）`,
    empty: "没有模型。",
  },
  judges: {
    heading: "评审模型",
    intro: "LLM 评审的队列：等待各评审的已投票对战、正在进行的评审，以及没有给出结论的评审（接口修复后可重试）。",
    judge: "评审",
    model: "接口模型",
    queued: "等待中",
    inFlight: "进行中",
    judged: "已评审",
    failed: "失败",
    lastError: "最近错误",
    state: "状态",
    resting: (p) => `因错误暂停，直到 ${p.time}`,
    working: "工作中",
    retry: "重试失败项",
    requeued: (p) => `${p.judge} 的 ${p.count} 个失败评审已重新排队。`,
    none: "本竞技场没有评审模型（模型文件中的 judges 列表为空）。",
  },
  exports: {
    heading: "导出",
    intro: "所有已保存的对战及其投票（包括被标记的），FastChat 对战文件格式。",
    download: (p) => `下载 ${p.format}`,
    preparing: "正在准备文件…",
  },
  refresh: "刷新",
};

export const ADMIN_TEXTS: Record<UiLanguage, AdminText> = { en, fr, zh };

/** The console's words in the page's interface language; re-renders when it changes. */
export function useAdminText(): { text: AdminText; language: UiLanguage } {
  const { language } = useT();
  return { text: ADMIN_TEXTS[language], language };
}
