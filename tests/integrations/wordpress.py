"""A real WordPress for the plugin's tests: Debian's package (`apt-get install wordpress
php-cli php-mysql`), a copy of its core of our own, a fresh MariaDB database and user,
and PHP's built-in server. The machine's WordPress configuration is never read or written."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.servers import free_port, unavailable
from tests.waiting import wait_until

CORE = Path("/usr/share/wordpress")
PLUGIN = Path(__file__).resolve().parents[2] / "integrations" / "wordpress" / "volunteer-widget"
PLUGIN_FILE = "volunteer-widget/volunteer-widget.php"
THEME = "twentytwentythree"  # Debian's wordpress-theme-twentytwentythree, the 6.1 default
ADMIN = ("admin", "admin-" + secrets.token_hex(8))

_WP_CONFIG = """<?php
define( 'DB_NAME', {db!r} );
define( 'DB_USER', {db!r} );
define( 'DB_PASSWORD', {password!r} );
define( 'DB_HOST', {host!r} );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'WP_HOME', {url!r} );
define( 'WP_SITEURL', {url!r} );
define( 'WP_CONTENT_DIR', __DIR__ . '/wp-content' );
define( 'WP_CONTENT_URL', {url!r} . '/wp-content' );
{salts}
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', {log!r} );
define( 'WP_DEBUG_DISPLAY', false );
// No network beyond this machine: no update checks, no cron calling itself.
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'DISABLE_WP_CRON', true );
$table_prefix = 'wp_';
define( 'ABSPATH', __DIR__ . '/' );
require_once ABSPATH . 'wp-settings.php';
"""

_SALTS = [
    f"{kind}_{what}"
    for kind in ("AUTH", "SECURE_AUTH", "LOGGED_IN", "NONCE")
    for what in ("KEY", "SALT")
]


def _mysql(sql: str) -> str:
    done = subprocess.run(
        ["mysql", "-u", "root", "-NB", "-e", sql], capture_output=True, text=True, timeout=60
    )
    if done.returncode != 0:
        raise RuntimeError(f"mysql -u root failed: {done.stderr.strip()}")
    return done.stdout


def check_available() -> None:
    """Fail (under CI=true) or skip unless PHP, WordPress and MariaDB are all here."""
    if not shutil.which("php"):
        unavailable("PHP is not installed (apt-get install php-cli php-mysql)")
    if not (CORE / "wp-settings.php").exists():
        unavailable("Debian's wordpress package is not installed (apt-get install wordpress)")
    if not (CORE / "wp-content" / "themes" / THEME).is_dir():
        unavailable(f"the {THEME} theme is missing (apt-get install wordpress-theme-{THEME})")
    modules = subprocess.run(["php", "-m"], capture_output=True, text=True, timeout=60).stdout
    if "mysqli" not in modules.split():
        unavailable("PHP has no mysqli extension (apt-get install php-mysql)")
    if not shutil.which("mysql"):
        unavailable("the MariaDB client is not installed (apt-get install mariadb-client)")
    try:
        _mysql("SELECT 1")
    except RuntimeError as problem:
        unavailable(
            f"MariaDB does not answer root over its socket (service mariadb start): {problem}"
        )


@dataclass
class WordPress:
    folder: Path
    url: str = ""
    db: str = field(default_factory=lambda: "wp_" + secrets.token_hex(6))
    password: str = field(default_factory=lambda: secrets.token_hex(16))
    process: subprocess.Popen[str] | None = None

    @property
    def root(self) -> Path:
        return self.folder / "site"

    @property
    def debug_log(self) -> Path:
        return self.folder / "debug.log"

    def create(self) -> None:
        """Copy the core, make the database, write wp-config.php, install, start serving."""
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        # Debian's core links a few libraries by relative paths: copy what they point to.
        shutil.copytree(
            CORE,
            self.root,
            ignore=shutil.ignore_patterns("wp-config.php", "wp-content", ".htaccess"),
        )
        content = self.root / "wp-content"
        shutil.copytree(CORE / "wp-content" / "themes" / THEME, content / "themes" / THEME)
        (content / "plugins").mkdir()
        (content / "languages").mkdir()
        for name in ("ar.mo", "admin-ar.mo", "admin-network-ar.mo"):
            shutil.copy(CORE / "wp-content" / "languages" / name, content / "languages")
        shutil.copytree(PLUGIN, content / "plugins" / "volunteer-widget")

        socket = _mysql("SELECT @@socket").strip()
        _mysql(
            f"CREATE DATABASE `{self.db}` CHARACTER SET utf8mb4;"
            f"CREATE USER '{self.db}'@'localhost' IDENTIFIED BY '{self.password}';"
            f"GRANT ALL ON `{self.db}`.* TO '{self.db}'@'localhost';"
        )
        salts = "\n".join(f"define( '{name}', '{secrets.token_hex(32)}' );" for name in _SALTS)
        (self.root / "wp-config.php").write_text(
            _WP_CONFIG.format(
                db=self.db,
                password=self.password,
                host=f"localhost:{socket}",
                url=self.url,
                salts=salts,
                log=str(self.debug_log),
            )
        )
        self.php(
            """
            require_once ABSPATH . 'wp-admin/includes/upgrade.php';
            wp_install(
                'جمعية سوا', $args['user'], 'admin@example.org', true, '', $args['password'], 'ar'
            );
            """,
            installing=True,
            user=ADMIN[0],
            password=ADMIN[1],
        )
        self.php("activate_plugin( $args['plugin'] ) || true;", plugin=PLUGIN_FILE)
        self.start(port)

    def start(self, port: int) -> None:
        env = {**os.environ, "PHP_CLI_SERVER_WORKERS": "4"}
        # Its own process group: the built-in server's workers outlive a signal to their
        # parent alone.
        self.process = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{port}", "-t", str(self.root)],
            cwd=self.root,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )

        def answers() -> bool:
            if self.process.poll() is not None:
                raise AssertionError("php -S exited")
            try:
                return httpx.get(f"{self.url}/wp-login.php", timeout=10).status_code == 200
            except httpx.TransportError:
                return False

        wait_until(answers, timeout=60, interval=0.1)

    def php(self, code: str, *, installing: bool = False, **args: object) -> str:
        """Run PHP with WordPress loaded, as the admin; args arrive as $args. Its output."""
        script = Path(tempfile.mkstemp(suffix=".php", dir=self.folder)[1])
        script.write_text(
            "<?php\n"
            f"$_SERVER['HTTP_HOST'] = {json.dumps(self.url.split('//')[1])};\n"
            + ("define( 'WP_INSTALLING', true );\n" if installing else "")
            + f"require {json.dumps(str(self.root / 'wp-load.php'))};\n"
            + "require_once ABSPATH . 'wp-admin/includes/plugin.php';\n"
            + "$args = json_decode( $argv[1], true );\n"
            + ("" if installing else "wp_set_current_user( 1 );\n")
            + code
        )
        try:
            done = subprocess.run(
                ["php", str(script), json.dumps(args)],
                capture_output=True,
                text=True,
                timeout=120,
            )
        finally:
            script.unlink()
        if done.returncode != 0:
            raise AssertionError(f"PHP failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def option(self, name: str) -> object:
        return json.loads(
            self.php("echo wp_json_encode( get_option( $args['name'] ) );", name=name)
        )

    def set_options(self, **values: str) -> None:
        self.php(
            "foreach ( $args as $name => $value ) { update_option( $name, $value ); }",
            **values,
        )

    def publish_page(self, title: str, content: str) -> str:
        """A published page's URL."""
        return self.php(
            """
            $id = wp_insert_post( wp_slash( array(
                'post_type' => 'page', 'post_status' => 'publish',
                'post_title' => $args['title'], 'post_content' => $args['content'],
            ) ), true );
            echo is_wp_error( $id ) ? 'error: ' . $id->get_error_message() : get_permalink( $id );
            """,
            title=title,
            content=content,
        ).strip()

    def plugin_problems(self) -> list[str]:
        """PHP notices, warnings and errors that the plugin's files caused."""
        if not self.debug_log.exists():
            return []
        lines = self.debug_log.read_text(errors="replace").splitlines()
        return [line for line in lines if "volunteer-widget" in line]

    def _stop_group(self) -> None:
        """Stop php -S and its workers (the process group it leads), waiting for them all."""
        group = self.process.pid

        def gone() -> bool:
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                return True
            return False

        with suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)
        self.process.wait(timeout=30)
        try:
            wait_until(gone, timeout=30)
        except AssertionError:
            with suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
            wait_until(gone, timeout=30)

    def destroy(self) -> None:
        if self.process is not None:
            self._stop_group()
        _mysql(f"DROP DATABASE IF EXISTS `{self.db}`; DROP USER IF EXISTS '{self.db}'@'localhost';")
        shutil.rmtree(self.folder, ignore_errors=True)
