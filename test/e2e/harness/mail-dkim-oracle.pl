#!/usr/bin/perl
# Mail::DKIM (Debian's libmail-dkim-perl) as an oracle: verifies a signed message against key record strings handed over directly (no DNS).
use strict;
use warnings;
use JSON::PP;
use MIME::Base64 qw(decode_base64);

my $json = JSON::PP->new->utf8->canonical;
$| = 1;
eval { require Mail::DKIM::Verifier; require Net::DNS; 1 } or do {
    my $e = $@; $e =~ s/\n.*//s;
    print $json->encode({ ready => JSON::PP::false, error => "cannot load Mail::DKIM (apt-get install libmail-dkim-perl): $e" }), "\n";
    exit 0;
};

# Answers every TXT question with the strings of the record under test, as a DNS server would;
# Mail::DKIM::PublicKey joins them (RFC 6376 §3.6.2.2) and parses the result itself.
package OracleResolver;
sub new { my ($class) = @_; return bless { strings => [] }, $class }
sub send {
    my ($self, $name, $type) = @_;
    my $packet = Net::DNS::Packet->new($name, $type);
    $packet->header->rcode('NOERROR');
    $packet->push(answer => Net::DNS::RR->new(name => $name, type => 'TXT', txtdata => $self->{strings})) if $type eq 'TXT';
    return $packet;
}
sub errorstring { return 'NOERROR' }

package main;
my $resolver = OracleResolver->new;
Mail::DKIM::DNS::resolver($resolver);
print $json->encode({ ready => JSON::PP::true, version => Mail::DKIM::Verifier->VERSION }), "\n";

while (my $line = <STDIN>) {
    next unless $line =~ /\S/;
    my $req = $json->decode($line);
    my %out = (id => $req->{id});
    eval {
        $resolver->{strings} = $req->{strings};
        # Strict: RFC 8301 (reject sha1 and keys under 1024 bits), as splitcheck judges keys.
        my $verifier = Mail::DKIM::Verifier->new(Strict => 1);
        $verifier->PRINT(decode_base64($req->{message}));
        $verifier->CLOSE;
        $out{result} = $verifier->result eq 'pass' ? 'pass' : 'fail';
        $out{detail} = $verifier->result_detail // $verifier->result;
        1;
    } or do {
        my $e = $@; chomp $e;
        %out = (id => $req->{id}, result => 'fail', detail => "exception: $e");
    };
    print $json->encode(\%out), "\n";
}
