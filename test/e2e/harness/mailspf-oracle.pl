#!/usr/bin/perl
# Mail::SPF (Debian's libmail-spf-perl) as a long-lived oracle: JSON lines in ({id, ip, sender, helo}), JSON lines out ({id, result, detail}).
use strict;
use warnings;
use JSON::PP;

my $port = $ARGV[0] or die "usage: mailspf-oracle.pl <dns port>\n";
my $json = JSON::PP->new->canonical;
$| = 1;

my $ok = eval { require Mail::SPF; require Net::DNS; require Net::DNS::Resolver; 1 };
if (!$ok) {
    my $err = $@ =~ s/\n.*//sr;
    print $json->encode({ ready => JSON::PP::false, error => "cannot load Mail::SPF (apt-get install libmail-spf-perl): $err" }), "\n";
    exit 0;
}

# The loopback test server only; time enough that a loaded machine never turns a slow answer into a
# time-out (Net::DNS retries UDP `retry` times, `retrans` seconds apart, then gives up).
my $resolver = Net::DNS::Resolver->new(
    nameservers => ['127.0.0.1'],
    port        => $port,
    recurse     => 1,
    retry       => 4,
    retrans     => 3,
    udp_timeout => 30,
    tcp_timeout => 30,
    searchlist  => [],
    defnames    => 0,
    dnsrch      => 0,
);
# RFC 7208 limits (Mail::SPF's defaults: 10 DNS-interactive terms, 2 void look-ups, 10 names per mx/ptr).
my $server = Mail::SPF::Server->new(dns_resolver => $resolver, hostname => 'oracle.test');
print $json->encode({ ready => JSON::PP::true, version => "$Mail::SPF::VERSION", driver => "Net::DNS " . Net::DNS->version }), "\n";

while (my $line = <STDIN>) {
    next if $line !~ /\S/;
    my $req = $json->decode($line);
    my $out;
    eval {
        # v=spf1 only (not Sender ID's spf2.0/mfrom), the MAIL FROM identity.
        my $request = Mail::SPF::Request->new(
            versions      => [1],
            scope         => 'mfrom',
            identity      => $req->{sender},
            ip_address    => $req->{ip},
            helo_identity => $req->{helo},
        );
        my $result = $server->process($request);
        my $detail = $result->can('local_explanation') ? $result->local_explanation : "$result";
        $out = { id => $req->{id}, result => $result->code, detail => "$detail" };
        1;
    } or do {
        my $err = "$@" =~ s/\s+$//r;
        $out = { id => $req->{id}, result => 'exception', detail => $err };
    };
    print $json->encode($out), "\n";
}
