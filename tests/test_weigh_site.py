"""The line after a build: the site's weight against the 1 GB a GitHub Pages site may be."""

from __future__ import annotations

from generator.weigh_site import PAGES_LIMIT, SiteWeight, weigh, weight_line


def test_weigh_counts_every_file_and_only_article_pages_as_articles(tmp_path):
    for folder in ("articles/2030-05-01-talks-stall", "articles/2030-05-02-a-deal", "articles/2030-05", "days/2030-05-01"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "index.html").write_bytes(b"x" * 100)
    (tmp_path / "feed.xml").write_bytes(b"y" * 50)
    assert weigh(tmp_path) == SiteWeight(450, 2)


def test_a_small_site_gives_its_share_of_the_limit_and_no_rate():
    line, warning = weight_line(SiteWeight(5_000_000, 15))
    assert line == "site is 5.0 MB, 0.5% of the 1 GB a GitHub Pages site may be"
    assert not warning


def test_a_large_site_gives_its_rate_an_article_and_how_many_articles_fit():
    line, warning = weight_line(SiteWeight(172_653_699, 3650))
    assert line == ("site is 172.7 MB, 17.3% of the 1 GB a GitHub Pages site may be; 47 kB an article "
                    "(3,650 articles): about 21,140 articles at this rate")
    assert not warning


def test_a_site_near_the_limit_warns_and_one_over_it_says_what_to_do():
    near, warns = weight_line(SiteWeight(int(PAGES_LIMIT * 0.85), 20_000))
    assert warns and near.endswith("(see the Scaling page)") and "85.0%" in near
    over, warns = weight_line(SiteWeight(1_687_627_844, 36_500))
    assert warns and over.startswith("site is 1.69 GB, 168.8% of the 1 GB")
    assert over.endswith("publish it in parts or from another host (see the Scaling page)")


def test_on_github_actions_a_warning_is_also_an_annotation(tmp_path, monkeypatch, capsys):
    from generator import cli, weigh_site

    monkeypatch.setattr(weigh_site, "weigh", lambda site: SiteWeight(int(PAGES_LIMIT * 0.9), 30_000))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    cli._say_weight(tmp_path)
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("parley: warning: site is 900.0 MB, 90.0% of the 1 GB")
    assert err[1] == "::warning title=Site size::" + err[0].removeprefix("parley: warning: ")
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    cli._say_weight(tmp_path)
    assert len(capsys.readouterr().err.splitlines()) == 1
