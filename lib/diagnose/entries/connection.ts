import { quoteLiteral } from '@/lib/postgres/quote';
import { connectionTarget, describeServer, whoConnects } from '../message';
import { hbaAddress, hbaName, sqlName } from '../quote';
import { code, type Entry } from './entry';

const hostPort = (text: string) => {
  const t = connectionTarget(text);
  return { host: t && !t.isSocket ? t.host : '<host>', port: t?.port ?? '5432', server: describeServer(t) };
};

const RELOAD = `Reload the configuration: ${code('SELECT pg_reload_conf();')}, then check it parsed: ${code('SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL;')}`;

export const connectionEntries: Entry[] = [
  {
    id: 'connection-refused',
    patterns: [/connection refused(?! \(is sshd running\?\))/i, /ECONNREFUSED/],
    build: (_m, text) => {
      const { host, port, server } = hostPort(text);
      return {
        title: `Connection refused by ${server}`,
        meaning: `${whoConnects(text)}: nothing accepts TCP connections on ${host} port ${port}. PostgreSQL is not running there, listens only on other addresses (listen_addresses) or another port, or a firewall rejects the port.`,
        fix: [
          `On ${host}, check that PostgreSQL runs and where it listens: ${code(`sudo ss -ltnp 'sport = :${port}'`)}`,
          `If it listens on 127.0.0.1 only, open it to the network: ${code("ALTER SYSTEM SET listen_addresses = '*';")} then restart it (${code('sudo systemctl restart postgresql@15-main')}); listen_addresses needs a restart.`,
          `Check it uses the expected port: ${code('SHOW port;')} must say ${port}.`,
          `Allow the port in ${host}'s firewall: ${code(`sudo ufw allow ${port}/tcp`)} (or the matching nftables rule or security group).`,
          `Test from the connecting node: ${code(`pg_isready -h ${host} -p ${port}`)}`,
        ],
      };
    },
  },
  {
    id: 'server-not-running-locally',
    patterns: [/Is the server running locally and accepting connections on that socket\?/],
    build: (_m, text) => ({
      title: 'No server on the local socket',
      meaning: `${describeServer(connectionTarget(text), 'The local server')} has no socket file: PostgreSQL is not running, or it uses another port or unix_socket_directories.`,
      fix: [
        `See which clusters run: ${code('pg_lsclusters')} (Debian) or ${code('sudo systemctl status postgresql@15-main')}`,
        `Start it and read why it stopped if it does not come up: ${code('sudo systemctl start postgresql@15-main')}, then ${code('sudo journalctl -u postgresql@15-main -n 50')}`,
      ],
    }),
  },
  {
    id: 'connect-timeout',
    patterns: [/timeout expired/, /connect ETIMEDOUT/],
    build: (_m, text) => {
      const { host, port, server } = hostPort(text);
      return {
        title: `No answer from ${server}`,
        meaning: `${whoConnects(text)}: ${host} did not answer within connect_timeout. Packets are dropped on the way (a firewall that drops rather than rejects), the address or route is wrong, or the server is overloaded.`,
        fix: [
          `From the connecting node, test the port: ${code(`pg_isready -h ${host} -p ${port} -t 10`)} and ${code(`nc -vz -w 5 ${host} ${port}`)}`,
          `Check the address in the topology is the one ${host} has on this network (${code('ip -br addr')} on that host).`,
          `Allow the port in every firewall on the way: ${code(`sudo ufw allow ${port}/tcp`)} on ${host}, and the cloud security group if any.`,
        ],
      };
    },
  },
  {
    id: 'unknown-host',
    patterns: [
      /could not translate host name "([^"]+)" to address/,
      /getaddrinfo (?:ENOTFOUND|EAI_AGAIN) (\S+)/,
    ],
    build: (m, text) => {
      const name = m[1]!;
      return {
        title: `Unknown host name ${name}`,
        meaning: `${whoConnects(text)}: the connecting node cannot resolve ${name} (DNS or /etc/hosts), so it never tried to connect.`,
        fix: [
          `On the connecting node, check the name: ${code(`getent hosts ${name}`)}`,
          `Use the IP address in the topology instead, or add ${name} to /etc/hosts on the connecting node.`,
        ],
      };
    },
  },
  {
    id: 'no-pg-hba-entry',
    patterns: [
      /no pg_hba\.conf entry for replication connection from host "([^"]+)", user "([^"]+)"/,
      /no pg_hba\.conf entry for host "([^"]+)", user "([^"]+)", database "([^"]+)"/,
    ],
    build: (m, text) => {
      const [, client = '', user = '', database] = m;
      const isReplication = database === undefined;
      const db = isReplication ? 'replication' : hbaName(database);
      const line =
        client === '[local]'
          ? ['local', db, hbaName(user), 'scram-sha-256'].join(' ')
          : ['host', db, hbaName(user), hbaAddress(client), 'scram-sha-256'].join(' ');
      const server = describeServer(connectionTarget(text));
      const what = isReplication ? 'replication connections' : `database ${database}`;
      return {
        title: `pg_hba.conf refuses ${user} from ${client}`,
        meaning: `${whoConnects(text)}: ${server} has no pg_hba.conf line that lets role ${user} connect from ${client} to ${what}, so it refuses before asking for a password.`,
        fix: [
          `On ${server}, find the file: ${code('SHOW hba_file;')}`,
          `Add this line above any broader line that would match first: ${code(line)}`,
          RELOAD,
          ...(isReplication
            ? [
                `The role also needs the REPLICATION attribute: ${code(`ALTER ROLE ${sqlName(user)} REPLICATION;`)}`,
              ]
            : []),
        ],
      };
    },
  },
  {
    id: 'password-authentication-failed',
    patterns: [/password authentication failed for user "([^"]+)"/],
    build: (m, text) => {
      const role = m[1]!;
      const server = describeServer(connectionTarget(text));
      return {
        title: `Wrong password for ${role}`,
        meaning: `${whoConnects(text)}: ${server} found a pg_hba.conf line for ${role} but the password did not match (or the role does not exist, or has no password).`,
        fix: [
          `On ${server}, check the role exists and has a SCRAM password: ${code(`SELECT rolname, rolcanlogin, left(rolpassword, 13) AS hash FROM pg_authid WHERE rolname = ${quoteLiteral(role)};`)}`,
          `Set the password the connecting side uses: ${code(`ALTER ROLE ${sqlName(role)} PASSWORD '<password>';`)} (with password_encryption = 'scram-sha-256').`,
          'Or correct the password on the connecting side: the subscription (ALTER SUBSCRIPTION ... CONNECTION), primary_conninfo, or ~/.pgpass; then re-apply.',
        ],
      };
    },
  },
];
