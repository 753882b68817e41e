#!/usr/bin/perl
# Writes the reference reading of every vendored bounce, by Debian's Sisimai (libsisimai-perl 4.25), as JSON.
#
# Usage: perl scripts/explain/sisimai-reference.pl > fixtures/bounces/sisimai/reference.json
# Needs: apt-get install -y --no-install-recommends libsisimai-perl
#
# One entry per file (path relative to fixtures/bounces/sisimai), each with the bounces Sisimai
# read from it: recipient, enhanced status code, SMTP reply code, reason, the SMTP command that
# failed, the agent Sisimai attributes it to, and the diagnostic text. An mbox file gives several.
#
# Sisimai 4.25 has no module for some MTAs in the corpus (DragonFly, X5, Mimecast's own format):
# with SISIMAI5_LIB=<p5-sisimai checkout>/lib, a file 4.25 reads nothing from is read again by that
# newer Sisimai (in a child process: two versions cannot share one), and the entry says which read it.
use strict;
use warnings;
use Encode qw(decode FB_DEFAULT);
use File::Find;
use File::Temp qw(tempfile);
use JSON::PP;

# Sisimai returns octets; the JSON holds characters (bytes that are not UTF-8 become U+FFFD).
sub text { my $s = shift // ''; return utf8::is_utf8($s) ? $s : decode('UTF-8', $s, FB_DEFAULT) }

# Sisimai 4.25 reads no file whose lines end in CR alone (maildir/mac): it gets a copy with LF ends.
sub readable {
    my $path = shift;
    open(my $in, '<:raw', $path) or die "$path: $!";
    my $bytes = do { local $/; <$in> };
    close $in;
    return ($path, undef) unless $bytes =~ /\r/ && $bytes !~ /\n/;
    (my $lf = $bytes) =~ s/\r/\n/g;
    my ($fh, $tmp) = tempfile(UNLINK => 1);
    binmode $fh;
    print $fh $lf;
    close $fh;
    return ($tmp, 'CR line ends read as LF');
}

sub rows {
    my $path = shift;
    require Sisimai;
    # delivered/vacation: report every reading, so a test can tell "not a bounce" from "not read".
    my $method = Sisimai->can('rise') ? 'rise' : 'make';
    my $list = eval { Sisimai->$method($path, delivered => 1, vacation => 1) } || [];
    my @rows;
    for my $d (@$list) {
        push @rows, {
            recipient   => $d->recipient ? lc($d->recipient->address) : '',
            addresser   => $d->addresser ? lc($d->addresser->address) : '',
            status      => text($d->deliverystatus),
            replycode   => text($d->replycode) . '',
            reason      => text($d->reason),
            action      => text($d->action),
            command     => text($d->smtpcommand),
            agent       => text($d->smtpagent),
            rhost       => text($d->rhost),
            lhost       => text($d->lhost),
            diagnostic  => substr(text($d->diagnosticcode), 0, 400),
        };
    }
    return \@rows;
}

my $json = JSON::PP->new->utf8->canonical(1);
if (@ARGV == 2 && $ARGV[0] eq '--one') {
    # The child: one file, by whichever Sisimai is first on @INC.
    require Sisimai;
    print $json->encode({ sisimai => "$Sisimai::VERSION", bounces => rows($ARGV[1]) });
    exit 0;
}

my $root = 'fixtures/bounces/sisimai';
my @files;
find({ no_chdir => 1, wanted => sub {
    return unless -f $_;
    return unless m{/(maildir/[^/]+/[^/]+\.eml|mailbox/[^/]+)$};
    push @files, $_;
} }, $root);
@files = sort @files;

require Sisimai;
my %out;
for my $path (@files) {
    (my $name = $path) =~ s{^\Q$root\E/}{};
    my ($read, $converted) = readable($path);
    my $entry = { sisimai => "$Sisimai::VERSION", bounces => rows($read) };
    if (!@{ $entry->{bounces} } && $ENV{SISIMAI5_LIB}) {
        open(my $child, '-|', $^X, '-I', $ENV{SISIMAI5_LIB}, $0, '--one', $read) or die "$0: $!";
        my $answer = do { local $/; <$child> };
        close $child;
        my $newer = $json->decode($answer);
        $entry = $newer if @{ $newer->{bounces} };
    }
    $entry->{converted} = $converted if $converted;
    $out{$name} = $entry;
}
print $json->pretty->encode(\%out);
