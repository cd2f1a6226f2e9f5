# Oracle for IniReaderCorpusTest: parses each file named on the command line with the parser
# settings supervisord uses and prints one hex-encoded record per line.
import configparser
import sys


def h(s):
    return s.encode('utf-8', 'surrogatepass').hex() or '-'


for path in sys.argv[1:]:
    print('FILE', h(path))
    parser = configparser.RawConfigParser(inline_comment_prefixes=(';', '#'), strict=False)
    try:
        with open(path, encoding='utf-8') as f:
            parser.read_file(f)
    except UnicodeDecodeError:
        print('DECODE')
    except configparser.Error as e:
        print('ERR', h(str(e)))
    else:
        print('OK')
        for key, value in parser.defaults().items():
            print('D', h(key), h(value))
        for section in parser.sections():
            print('S', h(section))
            for key in parser.options(section):
                print('K', h(key), h(parser.get(section, key)))
    print('END')
